package io.tenancykit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the sample service: {@code ./mvnw -pl tenancy-sample -am spring-boot:run}.
 */
@SpringBootApplication
public class TenancySampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(TenancySampleApplication.class, args);
	}

}
