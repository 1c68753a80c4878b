package dev.aval.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.aval.support.RandomSequences.Settings;
import dev.aval.support.RandomSequences.Step;

/** The property harness itself: draws by seed, finds a planted failure and shrinks it to its core. */
class RandomSequencesTest {

    private static Settings settings(int tries) {
        return new Settings("test", tries, 10, 60, new int[] {3, 1, 1}, i -> "op" + i, 2_000, Duration.ofSeconds(20));
    }

    /** Fails when an op-2 step whose a is at least 1,000 comes (anywhere) before an op-1 step. */
    private static void planted(List<Step> steps, List<String> transcript) {
        boolean armed = false;
        for (Step s : steps) {
            transcript.add(s.toString());
            if (s.op() == 2 && s.a() >= 1_000) {
                armed = true;
            }
            if (s.op() == 1 && armed) {
                throw new AssertionError("op 1 after an armed op 2");
            }
        }
    }

    @Test
    void aSeedDrawsTheSameSequenceEveryTime() {
        List<Step> first = RandomSequences.draw(settings(1), new Random(42));
        assertEquals(first, RandomSequences.draw(settings(1), new Random(42)));
        assertNotEquals(first, RandomSequences.draw(settings(1), new Random(43)));
        assertTrue(first.size() >= 10 && first.size() <= 60, "size " + first.size());
    }

    @Test
    void operationsAreDrawnByWeight() {
        int[] count = new int[3];
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            for (Step s : RandomSequences.draw(settings(1), random)) {
                count[s.op()]++;
            }
        }
        int total = count[0] + count[1] + count[2];
        // weights 3:1:1 → op 0 about 60%
        assertTrue(count[0] > total * 0.55 && count[0] < total * 0.65, "op 0 drawn " + count[0] + " of " + total);
        assertTrue(count[1] > total * 0.15 && count[2] > total * 0.15, "ops 1 and 2: " + count[1] + ", " + count[2]);
    }

    @Test
    void aPassingPropertyRunsEveryTry() {
        List<Integer> sizes = new ArrayList<>();
        RandomSequences.Outcome outcome =
                RandomSequences.check(settings(15), (steps, transcript) -> sizes.add(steps.size()));
        assertEquals(Integer.getInteger(RandomSequences.TRIES, 15), outcome.tries());
        assertEquals(outcome.tries(), sizes.size());
        assertTrue(sizes.stream().allMatch(n -> n >= 10 && n <= 60), "sizes " + sizes);
    }

    @Test
    void aFailureIsShrunkToTheStepsThatMatter() {
        Random random = new Random(1);
        List<Step> failing;
        do {
            failing = RandomSequences.draw(settings(1), random);
        } while (!fails(failing));
        RandomSequences.Shrunk shrunk = RandomSequences.shrink(
                settings(1), RandomSequencesTest::planted, failing, new AssertionError("original"));
        assertEquals(2, shrunk.steps().size(), "shrunk to " + shrunk.steps());
        Step armed = shrunk.steps().get(0);
        Step trigger = shrunk.steps().get(1);
        assertEquals(2, armed.op());
        assertTrue(armed.a() >= 1_000 && armed.a() < 2_000, "a lowered by halves to just above 1,000: " + armed.a());
        assertEquals(0, armed.b());
        assertEquals(0, armed.c());
        assertEquals(new Step(1, 0, 0, 0), trigger);
        assertEquals("op 1 after an armed op 2", shrunk.failure().getMessage());
        assertEquals(List.of(armed.toString(), trigger.toString()), shrunk.transcript());
    }

    @Test
    void theReportNamesTheSeedOfTheFailingTryAndTheShrunkSteps() {
        AssertionError report = assertThrows(
                AssertionError.class, () -> RandomSequences.check(settings(200), RandomSequencesTest::planted));
        String text = report.getMessage();
        assertTrue(text.contains("replay it first with -Dproperty.seed="), text);
        assertTrue(text.contains("to 2 steps"), text);
        assertTrue(text.contains("new Step(1, 0, 0, 0) // op1"), text);
        assertTrue(text.contains("its failure: java.lang.AssertionError: op 1 after an armed op 2"), text);
        long seed = Long.parseLong(text.replaceAll("(?s).*-Dproperty\\.seed=(-?\\d+).*", "$1"));
        // the named seed's sequence fails on its own
        assertTrue(fails(RandomSequences.draw(settings(1), new Random(seed))));
    }

    private static boolean fails(List<Step> steps) {
        try {
            planted(steps, new ArrayList<>());
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
