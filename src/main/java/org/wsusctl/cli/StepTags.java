package org.wsusctl.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.Step;

/**
 * {@code --tags} and {@code --skip-tags} as ansible-playbook applies them to tasks
 * ({@code ansible/playbook/taggable.py evaluate_tags}): a step without tags is {@code untagged};
 * {@code always} runs unless skipped by name (or by {@code --skip-tags all}), {@code never} runs only when
 * asked for by one of its tags; {@code all} and {@code tagged} select what their names say. Steps are
 * filtered before the engine sees the playbook; handlers are not filtered (a handler runs when a step that
 * runs notifies it).
 */
record StepTags(Set<String> only, Set<String> skip) {
    private static final Set<String> UNTAGGED = Set.of("untagged");

    static StepTags of(List<String> tags, List<String> skipTags) {
        Set<String> only = split(tags);
        if (only.isEmpty()) {
            only = Set.of("all");
        }
        return new StepTags(only, split(skipTags));
    }

    private static Set<String> split(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }

    /** No tag options: every step runs except those tagged never (Ansible's default is --tags all). */
    boolean isDefault() {
        return only.equals(Set.of("all")) && skip.isEmpty();
    }

    /** Ansible's evaluate_tags for one step. */
    boolean runs(Step step) {
        Set<String> tags = step.tags().isEmpty() ? UNTAGGED : new HashSet<>(step.tags());
        boolean run;
        if (tags.contains("always")) {
            run = true;
        } else if (only.contains("all") && !tags.contains("never")) {
            run = true;
        } else if (!disjoint(tags, only)) {
            run = true;
        } else {
            run = only.contains("tagged") && !tags.equals(UNTAGGED) && !tags.contains("never");
        }
        if (run && !skip.isEmpty()) {
            if (skip.contains("all")) {
                if (!tags.contains("always") || skip.contains("always")) {
                    run = false;
                }
            } else if (!disjoint(tags, skip)) {
                run = false;
            } else if (skip.contains("tagged") && !tags.equals(UNTAGGED)) {
                run = false;
            }
        }
        return run;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return false;
            }
        }
        return true;
    }

    /** The playbook with only the steps that run. */
    Playbook filter(Playbook pb) {
        List<Step> kept = new ArrayList<>();
        for (Step s : pb.steps()) {
            if (runs(s)) {
                kept.add(s);
            }
        }
        return new Playbook(pb.source(), pb.name(), pb.hosts(), pb.serial(), pb.maxFailPercentage(), pb.vars(),
                List.copyOf(kept), pb.handlers());
    }
}
