package io.tenancykit.boot.persistence.liquibase;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/**
 * An application that migrates with Liquibase: its package is an auto-configuration
 * package, as {@code @SpringBootApplication} makes an application's, so the kit
 * implements its {@link NoteRepository}.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class LiquibaseApplication {

}
