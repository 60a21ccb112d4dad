package org.neurostream.deploy.layering;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layering rules of the codebase, over a root package (the real one, or a test fixture's) whose
 * sub-packages are the modules. docs/architecture.md shows the same table.
 */
public final class Layering {
    /**
     * Module -> the NeuroStream modules its main code may import (besides itself). A star around
     * core: models trains on the kernels' features and reads recordings; sinks serve LSL outlets
     * with ingest's LSL implementation; deploy wires everything.
     */
    public static final Map<String, Set<String>> ALLOWED = allowed();

    /**
     * Packages of deploy that wire, run or measure the Flink job and may therefore import Flink
     * although their name is not {@code flink}.
     */
    public static final List<String> FLINK_WIRING =
            List.of(
                    "deploy.job",
                    "deploy.embedded",
                    "deploy.cluster",
                    "deploy.cli",
                    "deploy.bench",
                    "deploy.replay");

    private Layering() {}

    private static Map<String, Set<String>> allowed() {
        final Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("core", Set.of());
        m.put("ingest", Set.of("core"));
        m.put("operators", Set.of("core"));
        m.put("models", Set.of("core", "operators", "ingest"));
        m.put("sinks", Set.of("core", "ingest"));
        m.put("monitoring", Set.of("core"));
        m.put("deploy", Set.of("core", "ingest", "operators", "models", "sinks", "monitoring"));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Kernels do not import Flink: only classes in a package named {@code flink} (at any depth) and
     * in {@link #FLINK_WIRING} may.
     */
    public static ArchRule kernelsWithoutFlink(final String root) {
        final List<String> wiring = new ArrayList<>();
        for (final String p : FLINK_WIRING) {
            wiring.add(root + "." + p + "..");
        }
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(root + "..flink..")
                .and()
                .resideOutsideOfPackages(wiring.toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .as(
                        "kernels (classes outside packages named flink and deploy's job wiring)"
                                + " do not import Flink")
                .allowEmptyShould(true);
    }

    /** core imports no other module. */
    public static ArchRule coreAlone(final String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".core..")
                .should()
                .dependOnClassesThat(
                        resideInAnyPackage(root + "..")
                                .and(resideOutsideOfPackage(root + ".core..")))
                .as("core imports no other NeuroStream module")
                .allowEmptyShould(true);
    }

    /** One rule per module: it imports only itself, the modules of its row, and libraries. */
    public static List<ArchRule> allowedEdges(final String root) {
        final List<ArchRule> rules = new ArrayList<>();
        for (final Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            final List<String> ok = new ArrayList<>();
            ok.add(root + "." + e.getKey() + "..");
            for (final String m : e.getValue()) {
                ok.add(root + "." + m + "..");
            }
            rules.add(
                    classes()
                            .that()
                            .resideInAPackage(root + "." + e.getKey() + "..")
                            .should()
                            .onlyDependOnClassesThat(
                                    resideOutsideOfPackage(root + "..")
                                            .or(resideInAnyPackage(ok.toArray(String[]::new))))
                            .as(e.getKey() + " imports only " + e.getValue())
                            .allowEmptyShould(true));
        }
        return rules;
    }
}
