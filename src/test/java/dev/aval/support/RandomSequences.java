package dev.aval.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Property-based testing of a stateful system, small and kept in the repository: random sequences
 * of steps are run from a fresh start, each against a model the test keeps, and a sequence that
 * fails is shrunk to a minimal one, which is reported with the seed that replays it.
 *
 * <p>A {@link Step} is what was drawn, not what it means: an operation and three raw numbers that
 * the property interprets against its model when it runs the step (which hold, which amount, …).
 * So a step that no longer applies once earlier steps were shrunk away still runs as something
 * sensible (or is skipped by the property), and shrinking needs no knowledge of the system: it
 * deletes steps, then lowers the numbers towards 0, keeping every change after which the property
 * still fails.
 *
 * <p>Seeds: try {@code i} of a run with seed {@code s} draws its sequence from seed {@code s + i};
 * the failure report names the failing try's seed. {@code -Dproperty.seed=<n>} makes a run
 * start from that seed (so the failing try comes first) and {@code -Dproperty.tries=<n>} sets
 * the number of tries; without them the seed is random and printed.
 */
public final class RandomSequences {

    /** The system property that fixes the seed of a run. */
    public static final String SEED = "property.seed";
    /** The system property that overrides the number of tries. */
    public static final String TRIES = "property.tries";
    /** The raw numbers of a step are drawn in [0, BOUND). */
    public static final int BOUND = 1 << 16;

    private RandomSequences() {}

    /** One drawn step: the operation's index (by {@link Settings#weights}) and three raw numbers for it. */
    public record Step(int op, int a, int b, int c) {}

    /**
     * A property over a sequence: runs it from a fresh start and throws when it does not hold
     * (an {@link AssertionError}, or anything else that went wrong). It adds one line per step to
     * {@code transcript}, saying what the step did, for the report.
     */
    @FunctionalInterface
    public interface Property {
        void check(List<Step> steps, List<String> transcript) throws Exception;
    }

    /**
     * @param weights how often each operation is drawn, by index
     * @param opNames names of the operations for the report
     * @param shrinkRuns most runs spent shrinking a failure
     * @param shrinkTime most time spent shrinking a failure
     */
    public record Settings(
            String name,
            int tries,
            int minSteps,
            int maxSteps,
            int[] weights,
            IntFunction<String> opNames,
            int shrinkRuns,
            Duration shrinkTime) {

        int effectiveTries() {
            return Integer.getInteger(TRIES, tries);
        }
    }

    /** What a run did: how many tries passed, and the seed it started from. */
    public record Outcome(long seed, int tries) {}

    /** Runs the tries; on the first failure shrinks it and throws an AssertionError reporting it. */
    public static Outcome check(Settings settings, Property property) {
        Long fixed = Long.getLong(SEED);
        long seed = fixed != null ? fixed : new SecureRandom().nextLong();
        int tries = settings.effectiveTries();
        System.out.printf(
                "property '%s': %d tries from seed %d (replay: -D%s=%d)%n", settings.name, tries, seed, SEED, seed);
        for (int i = 0; i < tries; i++) {
            long trySeed = seed + i;
            List<Step> steps = draw(settings, new Random(trySeed));
            Throwable failure = run(property, steps, new ArrayList<>());
            if (failure != null) {
                throw report(settings, property, trySeed, i + 1, steps, failure);
            }
        }
        return new Outcome(seed, tries);
    }

    /** The sequence of a seed: between minSteps and maxSteps steps, operations drawn by weight. */
    public static List<Step> draw(Settings settings, Random random) {
        int total = 0;
        for (int w : settings.weights) {
            total += w;
        }
        int size = settings.minSteps + random.nextInt(settings.maxSteps - settings.minSteps + 1);
        List<Step> steps = new ArrayList<>(size);
        for (int s = 0; s < size; s++) {
            int pick = random.nextInt(total);
            int op = 0;
            while (pick >= settings.weights[op]) {
                pick -= settings.weights[op];
                op++;
            }
            steps.add(new Step(op, random.nextInt(BOUND), random.nextInt(BOUND), random.nextInt(BOUND)));
        }
        return steps;
    }

    private static Throwable run(Property property, List<Step> steps, List<String> transcript) {
        try {
            property.check(steps, transcript);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** A failing sequence, shrunk as far as the budget allows. */
    record Shrunk(List<Step> steps, Throwable failure, List<String> transcript, int runs, boolean exhausted) {}

    /**
     * Shrinks a failing sequence: deletes chunks of steps (halves down to single steps), then lowers
     * each step's numbers (to 0, then halved), keeping each change after which the property still
     * fails, until a pass changes nothing or the budget is spent.
     */
    static Shrunk shrink(Settings settings, Property property, List<Step> failing, Throwable failure) {
        long deadline = System.nanoTime() + settings.shrinkTime.toNanos();
        List<Step> best = new ArrayList<>(failing);
        Throwable bestFailure = failure;
        int runs = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int chunk = Math.max(1, Integer.highestOneBit(best.size())); chunk >= 1; chunk /= 2) {
                for (int start = 0; start + chunk <= best.size(); ) {
                    if (runs >= settings.shrinkRuns || System.nanoTime() > deadline) {
                        return finish(property, best, bestFailure, runs, true);
                    }
                    List<Step> candidate = new ArrayList<>(best.subList(0, start));
                    candidate.addAll(best.subList(start + chunk, best.size()));
                    runs++;
                    Throwable t = run(property, candidate, new ArrayList<>());
                    if (t != null) {
                        best = candidate;
                        bestFailure = t;
                        changed = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            for (int i = 0; i < best.size(); i++) {
                for (int field = 0; field < 3; field++) {
                    int value = value(best.get(i), field);
                    for (int lower : new int[] {0, value / 2}) {
                        if (lower >= value) {
                            continue;
                        }
                        if (runs >= settings.shrinkRuns || System.nanoTime() > deadline) {
                            return finish(property, best, bestFailure, runs, true);
                        }
                        List<Step> candidate = new ArrayList<>(best);
                        candidate.set(i, with(best.get(i), field, lower));
                        runs++;
                        Throwable t = run(property, candidate, new ArrayList<>());
                        if (t != null) {
                            best = candidate;
                            bestFailure = t;
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }
        return finish(property, best, bestFailure, runs, false);
    }

    /** Runs the shrunk sequence once more for its transcript (its failure is the one reported). */
    private static Shrunk finish(Property property, List<Step> steps, Throwable failure, int runs, boolean exhausted) {
        List<String> transcript = new ArrayList<>();
        Throwable again = run(property, steps, transcript);
        if (again == null) {
            transcript.add("(this run passed: the failure above did not happen again, a flaky failure?)");
        }
        return new Shrunk(steps, again != null ? again : failure, transcript, runs + 1, exhausted);
    }

    private static int value(Step s, int field) {
        return switch (field) {
            case 0 -> s.a;
            case 1 -> s.b;
            default -> s.c;
        };
    }

    private static Step with(Step s, int field, int value) {
        return switch (field) {
            case 0 -> new Step(s.op, value, s.b, s.c);
            case 1 -> new Step(s.op, s.a, value, s.c);
            default -> new Step(s.op, s.a, s.b, value);
        };
    }

    private static AssertionError report(
            Settings settings, Property property, long trySeed, int tryNumber, List<Step> steps, Throwable failure) {
        Shrunk shrunk = shrink(settings, property, steps, failure);
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf(
                "property '%s' failed on try %d (its seed %d; replay it first with -D%s=%d)%n",
                settings.name, tryNumber, trySeed, SEED, trySeed);
        out.printf(
                "shrunk from %d to %d steps in %d runs%s:%n",
                steps.size(),
                shrunk.steps.size(),
                shrunk.runs,
                shrunk.exhausted ? " (budget spent: may shrink further)" : "");
        for (Step s : shrunk.steps) {
            out.printf("  new Step(%d, %d, %d, %d) // %s%n", s.op, s.a, s.b, s.c, settings.opNames.apply(s.op));
        }
        out.println("what the shrunk sequence did:");
        for (String line : shrunk.transcript) {
            out.println("  " + line);
        }
        out.println("its failure: " + shrunk.failure);
        if (!String.valueOf(shrunk.failure).equals(String.valueOf(failure))) {
            out.println("the original failure: " + failure);
        }
        out.flush();
        return new AssertionError(text.toString(), shrunk.failure);
    }
}
