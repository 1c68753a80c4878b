package dev.aval.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The data-access rule of docs/architecture.md, checked on the compiled main classes: SQL and row
 * mapping only in {@code *Repository}/{@code *Writer}/{@code *Query} classes (and the platform's
 * own mechanisms), Panache entities only for the tables the rule gives Panache, no class using both
 * mechanisms, no native SQL through Hibernate, and resources that never reach the database.
 */
class DataAccessTest {

    /** docs/architecture.md: the tables written with Panache; every other table is written with SQL. */
    static final Set<String> PANACHE_TABLES = Set.of("distributor", "api_key", "console_user");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aval");

    /** Runs LISTEN on its own connection for PostgreSQL's notifications: no table, no row. */
    private static final DescribedPredicate<JavaClass> DATA_ACCESS = DescribedPredicate.describe(
            "a *Repository, *Writer or *Query class, or the platform's own mechanisms",
            c -> c.getPackageName().startsWith("dev.aval.platform") || dataAccessName(c));

    private static boolean dataAccessName(JavaClass c) {
        // nested records and lambdas of a repository belong to it
        String name =
                c.getSimpleName().isEmpty() || c.isNestedClass() || c.getName().contains("$")
                        ? c.getName().replaceAll("\\$.*", "").replaceAll(".*\\.", "")
                        : c.getSimpleName();
        return name.endsWith("Repository") || name.endsWith("Writer") || name.endsWith("Query");
    }

    @Test
    void onlyRepositoriesRunSql() {
        noClasses()
                .that(DescribedPredicate.not(DATA_ACCESS))
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "SqlClient.preparedQuery/query",
                        call -> call.getTarget().getOwner().isAssignableTo(io.vertx.mutiny.sqlclient.SqlClient.class)
                                && Set.of("preparedQuery", "query")
                                        .contains(call.getTarget().getName())))
                .because("docs/architecture.md: SQL lives in one *Repository/*Writer/*Query class per feature")
                .check(MAIN);
    }

    @Test
    void onlyRepositoriesMapRows() {
        noClasses()
                .that(DescribedPredicate.not(DATA_ACCESS))
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        io.vertx.mutiny.sqlclient.Row.class,
                        io.vertx.mutiny.sqlclient.RowSet.class,
                        io.vertx.mutiny.sqlclient.RowIterator.class)
                .because("docs/architecture.md: only the data-access classes map rows (to records)")
                .check(MAIN);
    }

    @Test
    void entitiesOnlyForThePanacheTables() {
        classes()
                .that()
                .areAnnotatedWith(Entity.class)
                .should(new ArchCondition<JavaClass>("map one of the tables written with Panache " + PANACHE_TABLES) {
                    @Override
                    public void check(JavaClass entity, ConditionEvents events) {
                        String table = entity.tryGetAnnotationOfType(Table.class)
                                .map(Table::name)
                                .orElse(entity.getSimpleName());
                        if (!PANACHE_TABLES.contains(table)) {
                            events.add(SimpleConditionEvent.violated(
                                    entity,
                                    entity.getName() + " maps table " + table
                                            + ", which docs/architecture.md gives to SQL"));
                        }
                    }
                })
                .check(MAIN);
    }

    @Test
    void noClassUsesBothMechanisms() {
        classes()
                .should(new ArchCondition<JavaClass>("not use both Hibernate and the Vert.x SQL client") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean hibernate =
                                c.getDirectDependenciesFromSelf().stream().anyMatch(d -> hibernate(d.getTargetClass()));
                        boolean sql = c.getDirectDependenciesFromSelf().stream()
                                .anyMatch(
                                        d -> d.getTargetClass().getPackageName().equals("io.vertx.mutiny.sqlclient"));
                        if (hibernate && sql) {
                            events.add(SimpleConditionEvent.violated(
                                    c, c.getName() + " uses both Hibernate and the SQL client"));
                        }
                    }
                })
                .check(MAIN);
    }

    @Test
    void noNativeSqlThroughHibernate() {
        noClasses()
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "a native or mutation query of Hibernate",
                        call -> call.getTarget().getOwner().getPackageName().startsWith("org.hibernate")
                                && Set.of("createNativeQuery", "createMutationQuery")
                                        .contains(call.getTarget().getName())))
                .because("docs/architecture.md: SQL runs on the Vert.x pool, in a repository")
                .check(MAIN);
    }

    @Test
    void resourcesAndPagesNeverReachTheDatabase() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Resource")
                .or()
                .haveSimpleNameEndingWith("Page")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "Hibernate, the SQL client, entities or Idempotency",
                        t -> hibernate(t)
                                || t.getPackageName().startsWith("io.vertx.mutiny.sqlclient")
                                || t.getPackageName().startsWith("io.vertx.sqlclient")
                                || t.getName().equals("dev.aval.platform.Idempotency")))
                .because("docs/architecture.md: a resource calls one service method; services own transactions")
                .check(MAIN);
    }

    private static boolean hibernate(JavaClass t) {
        return t.getPackageName().startsWith("org.hibernate")
                || t.getPackageName().startsWith("io.quarkus.hibernate")
                || t.isAssignableTo(io.quarkus.hibernate.reactive.panache.PanacheEntityBase.class);
    }
}
