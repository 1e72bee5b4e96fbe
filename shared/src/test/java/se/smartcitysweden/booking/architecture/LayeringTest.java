package se.smartcitysweden.booking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain knows nothing of AWS: only the adapters in {@code ..aws..} talk to it. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("se.smartcitysweden.booking");

    @Test
    void theDomainDoesNotDependOnAws() {
        noClasses().that().resideInAnyPackage("..booking.domain..", "..booking.validation..", "..booking.intake..",
                        "..booking.workflow..", "..booking.notification..", "..booking.links..", "..booking.port..",
                        "..booking.json..", "..booking.web..", "..booking.overview..", "..booking.limits..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(CLASSES);
    }
}
