package io.notifications.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.context.annotation.Configuration;

/**
 * The layering the packages keep, from the compiled classes (tests left out). Top to bottom: the API and the demo;
 * the sources of items (bucket, iconik) and housekeeping (retention); the processing core (item); webhook events;
 * the processors; and the foundation (security, audit, dispatch, system). A package uses only those below it.
 */
@AnalyzeClasses(packages = "io.notifications", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.notifications.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachLayerUsesOnlyThoseBelow = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("API").definedBy("io.notifications.api..")
            .layer("Demo").definedBy("io.notifications.embedded..")
            .layer("Sources").definedBy("io.notifications.bucket..", "io.notifications.iconik..",
                    "io.notifications.retention..")
            .layer("Core").definedBy("io.notifications.item..")
            .layer("Events").definedBy("io.notifications.webhook..")
            .layer("Processors").definedBy("io.notifications.processing..", "io.notifications.faces..")
            .layer("Foundation").definedBy("io.notifications.security..", "io.notifications.audit..",
                    "io.notifications.dispatch..", "io.notifications.system..")
            .whereLayer("API").mayNotBeAccessedByAnyLayer()
            .whereLayer("Demo").mayNotBeAccessedByAnyLayer()
            .whereLayer("Sources").mayOnlyBeAccessedByLayers("API", "Demo")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("API", "Sources")
            .whereLayer("Events").mayOnlyBeAccessedByLayers("API", "Sources", "Core")
            .whereLayer("Processors").mayOnlyBeAccessedByLayers("API", "Sources", "Core");

    @ArchTest
    static final ArchRule theCoreKnowsNoSource = noClasses().that().resideInAPackage("io.notifications.item..")
            .should().dependOnClassesThat().resideInAnyPackage("io.notifications.bucket..", "io.notifications.iconik..")
            .because("a source plugs in through item.ItemSource; the core names none of them");

    @ArchTest
    static final ArchRule processorsKnowNeitherTheServiceNorCamel = noClasses()
            .that().resideInAnyPackage("io.notifications.processing..", "io.notifications.faces..")
            .should().dependOnClassesThat().resideInAnyPackage("io.notifications.item..", "io.notifications.bucket..",
                    "io.notifications.iconik..", "io.notifications.webhook..", "org.apache.camel..")
            .because("a processor turns media into a result, whatever asked for it and however it is run");

    @ArchTest
    static final ArchRule theApiReachesDataOnlyThroughServices = noClasses()
            .that().resideInAPackage("io.notifications.api..")
            .should().dependOnClassesThat().areAssignableTo(org.springframework.data.repository.Repository.class)
            .orShould().dependOnClassesThat().areAssignableTo(jakarta.persistence.EntityManager.class)
            .orShould().dependOnClassesThat().resideInAPackage("org.springframework.jdbc..")
            .orShould().dependOnClassesThat().areAssignableTo(javax.sql.DataSource.class);

    @ArchTest
    static final ArchRule theDemoIsReachedOnlyByConfiguration = noClasses()
            .that().resideOutsideOfPackage("io.notifications.embedded..")
            .and().areNotAnnotatedWith(Configuration.class)
            .should().dependOnClassesThat().resideInAPackage("io.notifications.embedded..")
            .because("the embedded servers and the simulator exist for the demo profile only");
}
