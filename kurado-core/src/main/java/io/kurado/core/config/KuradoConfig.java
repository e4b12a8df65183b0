package io.kurado.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated configuration: settings, the global {@code metrics_config}, services in
 * display order (case-insensitive by name) and the rolls they use. Immutable.
 */
public final class KuradoConfig {
    private final Path file;
    private final Settings settings;
    private final Map<String, Object> metricsConfig;
    private final List<Service> services;
    private final Map<String, Roll> rolls;
    private final List<HostEntry> hosts;
    private final Map<String, HostEntry> byAddress;
    private final List<ConfigProblem> warnings;
    private final String digest;
    private final AlertsConfig alerts;
    private final ClusterSettings cluster;

    /**
     * @param file the main file, or a made-up path for configurations built in code
     * @param settings the {@code config} document
     * @param metricsConfig the global {@code metrics_config}
     * @param services the services, in display order
     * @param rolls the rolls used, by name
     */
    public KuradoConfig(
            Path file, Settings settings, Map<String, Object> metricsConfig, List<Service> services, Map<String, Roll> rolls) {
        this(file, settings, metricsConfig, services, rolls, List.of());
    }

    /**
     * @param file the main file, or a made-up path for configurations built in code
     * @param settings the {@code config} document
     * @param metricsConfig the global {@code metrics_config}
     * @param services the services, in display order
     * @param rolls the rolls used, by name
     * @param warnings what was accepted but is probably not what was meant, each with its file and line
     */
    public KuradoConfig(
            Path file, Settings settings, Map<String, Object> metricsConfig, List<Service> services, Map<String, Roll> rolls,
            List<ConfigProblem> warnings) {
        this(file, settings, metricsConfig, services, rolls, warnings, "", AlertsConfig.NONE, ClusterSettings.NONE);
    }

    private KuradoConfig(
            Path file, Settings settings, Map<String, Object> metricsConfig, List<Service> services, Map<String, Roll> rolls,
            List<ConfigProblem> warnings, String digest, AlertsConfig alerts, ClusterSettings cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.digest = Objects.requireNonNull(digest, "digest");
        this.warnings = List.copyOf(warnings);
        this.file = Objects.requireNonNull(file, "file");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metricsConfig = Map.copyOf(metricsConfig);
        this.services = List.copyOf(services);
        this.rolls = Map.copyOf(rolls);
        this.hosts = this.services.stream().flatMap(s -> s.hosts().stream()).toList();
        Map<String, HostEntry> index = new HashMap<>();
        for (HostEntry h : hosts) {
            index.putIfAbsent(h.address(), h);
        }
        this.byAddress = Map.copyOf(index);
    }

    /** @return the main file */
    public Path file() {
        return file;
    }

    /**
     * @return what was accepted but is probably not what was meant (an unknown setting, a host
     *     listed by a bare name), each with its file and line; logged when the file is loaded
     */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    /** @return the {@code config} document */
    public Settings settings() {
        return settings;
    }

    /** @return the global {@code metrics_config} */
    public Map<String, Object> metricsConfig() {
        return metricsConfig;
    }

    /** @return the services, sorted case-insensitively by name */
    public List<Service> services() {
        return services;
    }

    /** @return the rolls used, by name */
    public Map<String, Roll> rolls() {
        return rolls;
    }

    /** @return every host, services in display order, sections and hosts in file order */
    public List<HostEntry> hosts() {
        return hosts;
    }

    /**
     * @param address a host address
     * @return the host, if configured
     */
    public Optional<HostEntry> host(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /**
     * @param name a service name
     * @return the service, if configured
     */
    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * @param other the settings to use
     * @return a copy with other settings
     */
    public KuradoConfig withSettings(Settings other) {
        return new KuradoConfig(file, other, metricsConfig, services, rolls, warnings, digest, alerts, cluster);
    }

    /**
     * @param digest what {@link #digest()} says
     * @return a copy with that digest
     */
    public KuradoConfig withDigest(String digest) {
        return new KuradoConfig(file, settings, metricsConfig, services, rolls, warnings, digest, alerts, cluster);
    }

    /** @return how this server takes part in a group of servers; {@link ClusterSettings#NONE} when alone */
    public ClusterSettings cluster() {
        return cluster;
    }

    /**
     * @param other how this server takes part in a group of servers
     * @return a copy with those settings
     */
    public KuradoConfig withCluster(ClusterSettings other) {
        return new KuradoConfig(file, settings, metricsConfig, services, rolls, warnings, digest, alerts, other);
    }

    /** @return the {@code alerts} of the first document: rules, receivers, grouping */
    public AlertsConfig alerts() {
        return alerts;
    }

    /**
     * @param other the alerts to use
     * @return a copy with other alerts
     */
    public KuradoConfig withAlerts(AlertsConfig other) {
        return new KuradoConfig(file, settings, metricsConfig, services, rolls, warnings, digest, other, cluster);
    }

    /**
     * @return the SHA-256 (hex) of the files this configuration was loaded from (the main file, then
     *     each roll file by name), so that two loads of the same files have the same digest; empty
     *     for a configuration built in code
     */
    public String digest() {
        return digest;
    }

    @Override
    public String toString() {
        return "KuradoConfig[" + file + ", " + services.size() + " services, " + hosts.size() + " hosts]";
    }
}
