package io.tempos.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a benchmark's options, each naming the option and what would be
 * valid, so that one refusal lists them all.
 */
final class OptionProblems {

    private final List<String> problems = new ArrayList<>();

    /**
     * {@code option value: must be min..max seconds} when {@code seconds} is outside the range (or
     * NaN); the value is shown as the option holds it (an int, or a double such as {@code 0.5}).
     */
    OptionProblems seconds(String option, Number seconds, int min, int max) {
        double value = seconds.doubleValue();
        if (!(value >= min && value <= max)) {
            problems.add(option + " " + seconds + ": must be " + min + ".." + max + " seconds");
        }
        return this;
    }

    /** Every name of {@code given} must be one of {@code valid}, and there must be at least one. */
    OptionProblems names(String option, String noun, List<String> given, List<String> valid) {
        return names(option, noun, noun + "s", given, valid);
    }

    /** As {@link #names(String, String, List, List)}, for a noun whose plural is not {@code noun + "s"}. */
    OptionProblems names(String option, String noun, String plural, List<String> given, List<String> valid) {
        if (given.isEmpty()) {
            problems.add(option + ": name at least one of " + valid);
        }
        for (String name : given) {
            if (!valid.contains(name)) {
                problems.add(option + ": no " + noun + " named '" + name + "'; " + plural + ": " + valid);
            }
        }
        return this;
    }

    /** {@code path} must be a regular file; {@code hint} says how to get it, or is empty. */
    OptionProblems file(String option, Path path, String hint) {
        if (!Files.isRegularFile(path)) {
            problems.add(option + " " + path + ": no such file" + hint);
        }
        return this;
    }

    OptionProblems add(String problem) {
        problems.add(problem);
        return this;
    }

    /** @throws IllegalArgumentException naming every problem collected */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
