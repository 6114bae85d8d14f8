package io.tenancykit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.r2dbc.config.EnableR2dbcAuditing;

/**
 * Starts the sample service: {@code ./mvnw -pl tenancy-sample -am spring-boot:run}.
 */
@SpringBootApplication
@EnableR2dbcAuditing
public class TenancySampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(TenancySampleApplication.class, args);
	}

}
