package io.spindle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md ("Packages of the runtime module"), checked on the
 * compiled classes of the runtime and channels modules (this module's test classpath holds both).
 * A rule that fails names every offending dependency (class, member, line).
 *
 * <p>Layers of the runtime, from the top: the API (io.spindle.runtime) -> internal.diag ->
 * internal.fiber -> internal.sched -> internal.trace -> jfr; observe is a leaf everyone may use;
 * internal.context (FiberLocal storage, the carrier context switch) is a leaf the API and the fiber
 * core use.
 * Channels and sync use only the exported runtime packages: io.spindle.runtime, .observe, .jfr.
 * io.spindle.net (sockets; also in the runtime module) sits above the API: it may use the API and the
 * internals, and nothing in the runtime depends on it (Runtime reaches its poller through
 * internal.driver.IoDrivers).
 */
class ArchitectureTest {
    private static final String API = "io.spindle.runtime";
    private static final String OBSERVE = "io.spindle.runtime.observe..";
    private static final String JFR = "io.spindle.runtime.jfr..";
    private static final String INTERNAL = "io.spindle.runtime.internal..";
    private static final String FIBER = "io.spindle.runtime.internal.fiber..";
    private static final String SCHED = "io.spindle.runtime.internal.sched..";
    private static final String TRACE = "io.spindle.runtime.internal.trace..";
    private static final String DIAG = "io.spindle.runtime.internal.diag..";
    private static final String CONTEXT = "io.spindle.runtime.internal.context..";
    private static final String CONSOLE = "io.spindle.runtime.internal.console..";
    /** io.spindle.net: in the runtime module, above the API (uses Runtime, Fiber, Strand and internals). */
    private static final String NET = "io.spindle.net..";
    private static final String[] PLATFORM = {"java..", "javax..", "jdk.."};

    private static JavaClasses classes;

    /** Production classes only: no test classes, whether a directory (target/test-classes) or a test-jar. */
    private static final ImportOption PRODUCTION = (Location l) ->
            !l.contains("/test-classes/") && !l.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(PRODUCTION).importPackages("io.spindle");
        // a rule on an empty import passes vacuously: make sure both modules are there
        assertTrue(classes.contain("io.spindle.runtime.Fiber"), "runtime classes imported");
        assertTrue(classes.contain("io.spindle.runtime.internal.fiber.FiberCore"), "runtime internals imported");
        assertTrue(classes.contain("io.spindle.channels.Channel"), "channels classes imported");
    }

    private static String[] with(String... packages) {
        String[] all = new String[packages.length + PLATFORM.length];
        System.arraycopy(packages, 0, all, 0, packages.length);
        System.arraycopy(PLATFORM, 0, all, packages.length, PLATFORM.length);
        return all;
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        check(slices().matching("io.spindle.(**)").should().beFreeOfCycles());
    }

    @Test
    void nothingInternalUsesTheApi() {
        check(noClasses().that().resideInAPackage(INTERNAL)
                .should().dependOnClassesThat().resideInAPackage(API)
                .because("the API is a facade over the internals; the core reaches API types through"
                        + " FiberContinuation (see docs/architecture.md)"));
    }

    @Test
    void observeAndJfrDependOnNothingElseInSpindle() {
        check(classes().that().resideInAPackage(OBSERVE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(OBSERVE)));
        check(classes().that().resideInAPackage(JFR)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(JFR)));
    }

    @Test
    void contextDependsOnNothingElseInSpindle() {
        check(classes().that().resideInAPackage(CONTEXT)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(CONTEXT)));
    }

    @Test
    void traceKnowsNeitherTheSchedulerNorTheFiberCore() {
        check(classes().that().resideInAPackage(TRACE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(TRACE, JFR)));
    }

    @Test
    void schedulerKnowsNothingOfFibersOrDiagnostics() {
        check(classes().that().resideInAPackage(SCHED)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(SCHED, TRACE, OBSERVE)));
    }

    @Test
    void fiberCoreSitsOnTheScheduler() {
        check(classes().that().resideInAPackage(FIBER)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(FIBER, SCHED, TRACE, OBSERVE, CONTEXT)));
    }

    @Test
    void diagnosticsStayInside() {
        check(classes().that().resideInAPackage(DIAG)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(DIAG, FIBER, SCHED, TRACE, OBSERVE)));
    }

    @Test
    void consoleReadsTheInternalsAndServesWithTheJdkHttpServer() {
        check(classes().that().resideInAPackage(CONSOLE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        with(CONSOLE, DIAG, FIBER, SCHED, TRACE, OBSERVE, "com.sun.net.httpserver..")));
        check(noClasses().that().resideOutsideOfPackages(CONSOLE, API)
                .should().dependOnClassesThat().resideInAPackage(CONSOLE)
                .because("only the Runtime facade starts and stops the console"));
    }

    @Test
    void nothingOutsideTheRuntimeUsesItsInternals() {
        check(noClasses().that().resideOutsideOfPackages("io.spindle.runtime..", NET)
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("only io.spindle.runtime, .observe, .jfr and io.spindle.net are exported;"
                        + " io.spindle.net lives in the runtime module (its poller is the runtime's I/O driver)"));
    }

    @Test
    void nothingInTheRuntimeDependsOnTheNetPackage() {
        check(noClasses().that().resideInAPackage("io.spindle.runtime..")
                .should().dependOnClassesThat().resideInAPackage(NET)
                .because("io.spindle.net is a layer above the API; the runtime knows its poller only as an"
                        + " IoDrivers.Driver"));
    }

    @Test
    void channelsAndSyncUseOnlyTheExportedRuntimeApi() {
        check(classes().that().resideInAnyPackage("io.spindle.channels..", "io.spindle.sync..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        with("io.spindle.channels..", "io.spindle.sync..", API, OBSERVE, JFR)));
    }
}
