package org.wsusctl.playbook;

/** Rolling batch size for apply ({@code serial:}), as a count or a percentage of the selected hosts. */
public sealed interface Serial {

    /** How many hosts one batch holds when {@code total} hosts are selected (at least 1). */
    int batchSize(int total);

    record Count(int hosts) implements Serial {
        @Override
        public int batchSize(int total) {
            return Math.max(1, Math.min(hosts, Math.max(total, 1)));
        }
    }

    record Percent(int percent) implements Serial {
        @Override
        public int batchSize(int total) {
            return Math.max(1, (int) Math.floor(total * percent / 100.0));
        }
    }
}
