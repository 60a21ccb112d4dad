package org.neurostream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.neurostream.deploy.layering.Layering;
import org.neurostream.deploy.layering.fixture.core.BadCore;
import org.neurostream.deploy.layering.fixture.core.GoodCore;
import org.neurostream.deploy.layering.fixture.ingest.Reader;
import org.neurostream.deploy.layering.fixture.operators.BadKernel;
import org.neurostream.deploy.layering.fixture.operators.GoodKernel;
import org.neurostream.deploy.layering.fixture.operators.flink.GoodFunction;
import org.neurostream.deploy.layering.fixture.sinks.BadSink;

/**
 * The shape of the codebase, checked on the compiled main classes of every module: kernels do not
 * import Flink, {@code core} imports no other module, and each module imports only the modules its
 * row of {@link Layering#ALLOWED} names (docs/architecture.md).
 */
class LayeringTest {
    private static final String ROOT = "org.neurostream";
    private static final String FIXTURE = "org.neurostream.deploy.layering.fixture";

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);

    @Test
    void shouldSeeTheMainClassesOfEveryModule() {
        for (final String module : Layering.ALLOWED.keySet()) {
            assertTrue(
                    MAIN.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + module)),
                    "no main classes of module " + module + " on the test classpath");
        }
    }

    @Test
    void shouldKeepKernelsFreeOfFlink() {
        Layering.kernelsWithoutFlink(ROOT).check(MAIN);
    }

    @Test
    void shouldKeepCoreFreeOfOtherModules() {
        Layering.coreAlone(ROOT).check(MAIN);
    }

    @Test
    void shouldImportOnlyAllowedModules() {
        for (final ArchRule rule : Layering.allowedEdges(ROOT)) {
            rule.check(MAIN);
        }
    }

    @Test
    void shouldReportAKernelThatImportsFlink() {
        final JavaClasses fixture =
                new ClassFileImporter()
                        .importClasses(BadKernel.class, GoodKernel.class, GoodFunction.class);
        assertEquals(
                List.of(BadKernel.class.getName()),
                offenders(Layering.kernelsWithoutFlink(FIXTURE).evaluate(fixture)));
    }

    @Test
    void shouldReportCoreImportingAnotherModule() {
        final JavaClasses fixture =
                new ClassFileImporter().importClasses(BadCore.class, GoodCore.class, Reader.class);
        assertEquals(
                List.of(BadCore.class.getName()),
                offenders(Layering.coreAlone(FIXTURE).evaluate(fixture)));
    }

    @Test
    void shouldReportAModuleImportingOneNotInItsRow() {
        final JavaClasses fixture =
                new ClassFileImporter()
                        .importClasses(
                                BadSink.class,
                                GoodKernel.class,
                                Reader.class,
                                GoodCore.class,
                                GoodFunction.class);
        final Map<Boolean, List<String>> byViolation =
                Layering.allowedEdges(FIXTURE).stream()
                        .map(rule -> rule.evaluate(fixture))
                        .collect(
                                Collectors.partitioningBy(
                                        EvaluationResult::hasViolation,
                                        Collectors.flatMapping(
                                                r -> offenders(r).stream(), Collectors.toList())));
        assertEquals(List.of(BadSink.class.getName()), byViolation.get(true));
        assertFalse(byViolation.get(true).contains(GoodKernel.class.getName()));
    }

    /** The top-level classes whose dependencies broke the rule, each once, by name. */
    private static List<String> offenders(final EvaluationResult result) {
        final Set<String> names = new TreeSet<>();
        result.handleViolations(
                new ViolationHandler<Dependency>() {
                    @Override
                    public void handle(
                            final Collection<Dependency> violations, final String message) {
                        for (final Dependency d : violations) {
                            final String name = d.getOriginClass().getName();
                            final int dollar = name.indexOf('$');
                            names.add(dollar < 0 ? name : name.substring(0, dollar));
                        }
                    }
                });
        return List.copyOf(names);
    }
}
