package se.smartcitysweden.booking.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rules of shared's packages, written so that a package added later is checked without being
 * listed (as buckpal's DependencyRuleTests): no cycles; AWS only in the adapters; a domain and
 * ports that depend on nothing but the JDK; adapters at the edge. Shared's own classes only (not
 * local-aws, which is on the test classpath).
 */
class DependencyRulesTest {
    private static final String BOOKING = "se.smartcitysweden.booking";
    static final JavaClasses SHARED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(BOOKING);

    /** The rules below check something: shared's packages are all there, and nothing of local-aws. */
    @Test
    void givenTheImport_thenItHoldsSharedsPackagesOnly() {
        Set<String> packages = SHARED.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertTrue(packages.containsAll(Set.of(BOOKING + ".domain", BOOKING + ".port", BOOKING + ".workflow", BOOKING + ".aws",
                BOOKING + ".aws.lambda", BOOKING + ".aws.priming")), packages.toString());
        assertTrue(packages.stream().allMatch(p -> p.startsWith(BOOKING + ".") && !p.startsWith(BOOKING + ".localaws")), packages.toString());
    }

    @Test
    void givenSharedsPackages_thenNoneDependsOnItselfThroughAnother() {
        slices().matching(BOOKING + ".(*)..").should().beFreeOfCycles().check(SHARED);
    }

    /** Sub-packages too: aws, aws.lambda and aws.priming must not lean on each other in a circle either. */
    @Test
    void givenEveryPackageOnItsOwn_thenNoneDependsOnItselfThroughAnother() {
        slices().matching(BOOKING + ".(**)").should().beFreeOfCycles().check(SHARED);
    }

    @Test
    void givenAnyClassOutsideTheAdapters_thenItDoesNotDependOnAws() {
        noClasses().that().resideOutsideOfPackage(BOOKING + ".aws..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .check(SHARED);
    }

    /** Lambda's event types only where a function's input and output are read and written. */
    @Test
    void givenAnyClassOutsideTheLambdaIo_thenItDoesNotDependOnLambdasTypes() {
        noClasses().that().resideOutsideOfPackage(BOOKING + ".aws.lambda..")
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws..")
                .check(SHARED);
    }

    /** SnapStart's hooks only in priming. */
    @Test
    void givenAnyClassOutsidePriming_thenItDoesNotDependOnCrac() {
        noClasses().that().resideOutsideOfPackage(BOOKING + ".aws.priming..")
                .should().dependOnClassesThat().resideInAPackage("org.crac..")
                .check(SHARED);
    }

    /** The booking, its case and their rules: plain Java, so they read and test without anything else. */
    @Test
    void givenTheDomain_thenItDependsOnNothingButItselfAndTheJdk() {
        noClasses().that().resideInAPackage(BOOKING + ".domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages(BOOKING + ".domain..", "java..")
                .check(SHARED);
    }

    /** Ports are interfaces and the values they carry: the domain's types and the JDK's, never an adapter's. */
    @Test
    void givenThePorts_thenTheyDependOnNothingButTheDomainAndTheJdk() {
        noClasses().that().resideInAPackage(BOOKING + ".port..")
                .should().dependOnClassesThat().resideOutsideOfPackages(BOOKING + ".port..", BOOKING + ".domain..", "java..")
                .check(SHARED);
    }

    /** The adapters are at the edge: the functions wire them in; nothing in shared calls one directly. */
    @Test
    void givenAnyClassOutsideTheAdapters_thenItDoesNotDependOnThem() {
        noClasses().that().resideOutsideOfPackage(BOOKING + ".aws..")
                .should().dependOnClassesThat().resideInAPackage(BOOKING + ".aws..")
                .check(SHARED);
    }

    /** Lambda I/O and priming use the adapters, not the other way round. */
    @Test
    void givenTheAdapters_thenTheyDependNeitherOnLambdaIoNorOnPriming() {
        noClasses().that().resideInAPackage(BOOKING + ".aws")
                .should().dependOnClassesThat().resideInAnyPackage(BOOKING + ".aws.lambda..", BOOKING + ".aws.priming..")
                .check(SHARED);
    }
}
