package dev.aval.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The layout rules of STYLE.md, checked on the compiled main classes. */
class ArchitectureTest {

    private static final String[] FEATURES = {
        "distributor", "customer", "credit", "imports", "eligibility", "events", "console"
    };
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aval");

    @Test
    void platformKnowsNoFeature() {
        String[] features = java.util.Arrays.stream(FEATURES)
                .map(f -> "dev.aval." + f + "..")
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage("dev.aval.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(features)
                .check(MAIN);
    }

    /** STYLE.md: the console calls the features' services; no feature knows it exists. */
    @Test
    void noFeatureKnowsTheConsole() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.aval.console..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.aval.console..")
                .check(MAIN);
    }

    @Test
    void noFeatureTouchesAnotherFeaturesEntities() {
        for (String feature : FEATURES) {
            String own = "dev.aval." + feature + "..";
            noClasses()
                    .that()
                    .resideOutsideOfPackage(own)
                    .should()
                    .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "entities of " + feature,
                            c -> c.getPackageName().startsWith("dev.aval." + feature)
                                    && c.isAssignableTo(PanacheEntityBase.class)))
                    .allowEmptyShould(true)
                    .check(MAIN);
        }
    }

    @Test
    void mainCodeNeverBlocksOnAUni() {
        noClasses()
                .should()
                .callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "Uni.await()",
                        call -> call.getTarget().getOwner().getName().equals("io.smallrye.mutiny.Uni")
                                && call.getTarget().getName().equals("await")))
                .check(MAIN);
    }

    @Test
    void noFieldIsFloatingPoint() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields()
                .should()
                .haveRawType(double.class)
                .orShould()
                .haveRawType(float.class)
                .orShould()
                .haveRawType(Double.class)
                .orShould()
                .haveRawType(Float.class)
                .check(MAIN);
    }
}
