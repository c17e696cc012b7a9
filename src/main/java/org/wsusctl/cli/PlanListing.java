package org.wsusctl.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.config.SourcePos;
import org.wsusctl.engine.PlaybookPlan;
import org.wsusctl.inventory.Host;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.Step;

/**
 * What is settled about a run before any host is contacted: the steps that pass {@code --tags}, the hosts
 * that are reached over WinRM, and the {@code --list-hosts} / {@code --list-steps} listings in
 * ansible-playbook's layout (hosts in the order they would run, which ansible-playbook does not keep).
 */
final class PlanListing {
    private PlanListing() { }

    /** Each playbook with only its steps that pass the tags; playbooks left with none are dropped, said so. */
    static List<Playbook> filterSteps(List<Playbook> playbooks, StepTags tags, PrintStream err) throws UsageException {
        List<Playbook> out = new ArrayList<>();
        for (Playbook pb : playbooks) {
            Playbook f = tags.filter(pb);
            if (f.steps().isEmpty()) {
                err.println("wsusctl: " + pb.source() + ": no step matches the tags; the playbook is skipped");
            } else {
                out.add(f);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("no step of any playbook runs with --tags " + String.join(",", tags.only())
                    + (tags.skip().isEmpty() ? "" : " --skip-tags " + String.join(",", tags.skip())));
        }
        return out;
    }

    /**
     * Ansible applies {@code group_vars/} and {@code host_vars/} beside a playbook on top of the inventory's;
     * wsusctl reads them only beside the inventory, so a playbook directory holding them is refused rather
     * than half-applied.
     */
    static void refuseVarsBesidePlaybooks(List<Playbook> playbooks, List<String> inventories) throws ConfigException {
        Set<Path> inventoryDirs = new HashSet<>();
        for (String i : inventories) {
            Path p = Path.of(i).toAbsolutePath().normalize();
            inventoryDirs.add(Files.isDirectory(p) ? p : p.getParent());
        }
        List<Diagnostic> problems = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Playbook pb : playbooks) {
            Path dir = pb.source().toAbsolutePath().normalize().getParent();
            if (dir == null || inventoryDirs.contains(dir) || !seen.add(dir)) {
                continue;
            }
            for (String sub : List.of("group_vars", "host_vars")) {
                Path d = dir.resolve(sub);
                if (Files.isDirectory(d)) {
                    problems.add(new Diagnostic(SourcePos.fileOnly(d), sub + "/ beside the playbook: Ansible applies"
                            + " it on top of the inventory's variables, wsusctl reads " + sub + "/ only beside the"
                            + " inventory; move it there (or into the inventory directory) so both agree"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Hosts reached by another Ansible connection plugin (ssh, local...) are left out of the run with one
     * line naming them; a host on psrp (PowerShell remoting, which wsusctl does not speak) is refused, since
     * leaving a Windows server out would shrink an audit silently.
     */
    static List<PlaybookPlan> winrmOnly(List<PlaybookPlan> plans, PrintStream err) throws ConfigException, UsageException {
        Map<String, Host> leftOut = new LinkedHashMap<>();
        List<Diagnostic> refused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PlaybookPlan p : plans) {
            for (Host h : p.hosts()) {
                if (h.usesWinrm() || !seen.add(h.name())) {
                    continue;
                }
                if (h.connectionPlugin().equals("psrp")) {
                    refused.add(new Diagnostic(h.connectionPluginAt(), "host " + h.name() + " uses ansible_connection:"
                            + " psrp, which wsusctl does not speak; set ansible_connection: winrm for it (the same"
                            + " WinRM listener), or leave it out with --limit '!" + h.name() + "'"));
                } else {
                    leftOut.put(h.name(), h);
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new ConfigException(refused);
        }
        if (leftOut.isEmpty()) {
            return plans;
        }
        List<String> shown = new ArrayList<>();
        for (Host h : leftOut.values()) {
            if (shown.size() == 10) {
                shown.add("and " + (leftOut.size() - 10) + " more");
                break;
            }
            shown.add(h.name() + " (" + h.connectionPlugin() + ")");
        }
        err.println("wsusctl: leaving out " + leftOut.size() + " host(s) that Ansible reaches by another connection"
                + " than WinRM (their ansible_connection, or ssh, Ansible's default, in an inventory that names"
                + " connections): " + String.join(", ", shown) + "; set ansible_connection: winrm to include one");
        List<PlaybookPlan> out = new ArrayList<>();
        for (PlaybookPlan p : plans) {
            out.add(new PlaybookPlan(p.playbook(), p.hosts().stream().filter(Host::usesWinrm).toList()));
        }
        if (out.stream().allMatch(p -> p.hosts().isEmpty())) {
            throw new UsageException("no host to run on: every selected host uses another connection than WinRM");
        }
        return out;
    }

    /** ansible-playbook's --list-hosts and --list-tasks layout, one block per playbook. */
    static void print(List<PlaybookPlan> plans, boolean hosts, boolean steps, boolean verbose, PrintStream out) {
        int n = 0;
        for (PlaybookPlan p : plans) {
            Playbook pb = p.playbook();
            out.println();
            out.println("playbook: " + pb.source());
            out.println();
            out.println("  play #" + (++n) + " (" + pb.hosts() + "): " + pb.name() + "\tTAGS: []");
            if (hosts) {
                out.println("    pattern: ['" + pb.hosts() + "']");
                out.println("    hosts (" + p.hosts().size() + "):");
                int width = p.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(0);
                for (Host h : p.hosts()) {
                    String mark = h.usesWinrm() ? (h.isSimulated() ? "  [simulated]" : "")
                            : h.connectionPlugin().equals("psrp") ? "  (refused in a run: ansible_connection=psrp)"
                            : "  (left out: ansible_connection=" + h.connectionPlugin() + ")";
                    String line = verbose ? String.format("%-" + width + "s  %s", h.name(), h.reachDescription())
                            : h.name() + mark;
                    out.println("      " + line);
                }
            }
            if (steps) {
                out.println("    tasks:");
                for (Step s : pb.steps()) {
                    out.println("      " + s.name() + "\tTAGS: [" + String.join(", ", s.tags()) + "]");
                }
            }
        }
    }
}
