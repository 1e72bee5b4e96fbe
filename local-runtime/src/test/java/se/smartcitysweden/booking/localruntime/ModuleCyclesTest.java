package se.smartcitysweden.booking.localruntime;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shared's no-cycle rule (its DependencyRulesTest) over every module's main classes at once: this
 * module has them all on its class path (shared, local-aws, the seven functions, its own), so a
 * function's package leaning on another, or shared on a function, is caught here.
 */
class ModuleCyclesTest {
    private static final String BOOKING = "se.smartcitysweden.booking";
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BOOKING);

    @Test
    void givenEveryModule_thenNoPackageDependsOnItselfThroughAnother() {
        Set<String> packages = ALL.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertTrue(packages.containsAll(Set.of(BOOKING + ".domain", BOOKING + ".localaws", BOOKING + ".localruntime",
                BOOKING + ".submit", BOOKING + ".notify", BOOKING + ".manage", BOOKING + ".followup", BOOKING + ".mailevents",
                BOOKING + ".overviewrows", BOOKING + ".console.web")), packages.toString());
        slices().matching(BOOKING + ".(**)").should().beFreeOfCycles().check(ALL);
    }
}
