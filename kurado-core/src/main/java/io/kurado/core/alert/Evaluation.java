package io.kurado.core.alert;

import java.util.List;
import java.util.Set;

/**
 * What one evaluation found: the problems, and what it could not judge, so that those alerts keep
 * their state rather than resolve.
 *
 * @param findings the problems found
 * @param unknown the ids of alerts whose condition could not be read this time (a window without data)
 * @param downHosts the addresses of hosts that are down: their other alerts are held back
 * @param blind true when Kurado cannot see its hosts (the queue or the meta store cannot be read):
 *     every alert but the one that says so is held back
 */
public record Evaluation(List<Finding> findings, Set<String> unknown, Set<String> downHosts, boolean blind) {
    /** Copies the collections. */
    public Evaluation {
        findings = List.copyOf(findings);
        unknown = Set.copyOf(unknown);
        downHosts = Set.copyOf(downHosts);
    }
}
