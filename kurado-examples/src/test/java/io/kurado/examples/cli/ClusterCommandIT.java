package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.cluster.NodeInfo;
import io.kurado.core.cluster.NodeRegistry;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardMapStore;
import io.kurado.core.cluster.ShardSlot;
import io.kurado.core.testkit.RedisServerProcess;
import io.kurado.redis.RedisMetaStore;
import io.kurado.redis.RedisSetting;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kurado cluster} against a Redis of the test's own holding a shard map and three nodes, one of them down. */
class ClusterCommandIT {
    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private RedisMetaStore meta;
    private Path file;

    @BeforeEach
    void group() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = RedisServerProcess.ephemeral(dir.resolve("redis")).start();
        meta = new RedisMetaStore(RedisSetting.address(redis.address()), InstantSource.system(), ZoneId.of("UTC"));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        StringBuilder hosts = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            hosts.append("      - 10.0.0.").append(i).append(" h").append(i).append('\n');
        }
        file = dir.resolve("kurado.yml");
        Files.writeString(file, "config:\n  redis: " + redis.address() + "\n  rolls_dir: rolls\n  cluster:\n    shards: 8\n"
                + "---\nservice: web\nservers:\n  - roll: base.yml\n    hosts:\n" + hosts);
        Instant now = Instant.now();
        NodeRegistry registry = new NodeRegistry(meta);
        registry.announce(new NodeInfo("a", URI.create("http://10.1.0.1:5434/"), now, now, true, 2000, 0));
        registry.announce(new NodeInfo("b", URI.create("http://10.1.0.2:5434/"), now, now, true, 0, 0));
        registry.announce(new NodeInfo("c", URI.create("http://10.1.0.3:5434/"), now, now.minusSeconds(60), true, 0, 0));
        ShardMapStore store = new ShardMapStore(meta);
        store.readOrCreate(8, 1);
        store.update(m -> m.withUnownedShared(List.of("a", "c")));
    }

    @AfterEach
    void stop() {
        meta.close();
        redis.close();
    }

    private ShardMap map() {
        return new ShardMapStore(meta).read().orElseThrow();
    }

    @Test
    void statusListsTheNodesTheirShardsAndHosts() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("cluster", "status", "-c", file.toString(), "--shards");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Shard map: 8 shards, 1 copy each, epoch 2")
                .containsPattern("a +alive +\\d+ s ago +4 +\\d+ +2 s +0 +0  http://10.1.0.1:5434/")
                .containsPattern("b +alive .* 0 +0 ")
                .containsPattern("c +down +\\d+ s ago +4 ")
                .containsPattern("(?m)^0 +[ac] +\\d+ +0$")
                .containsPattern("(?m)^7 +[ac] +\\d+ +0$");
    }

    @Test
    void moveRefusesWhatCannotBeInWords() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("cluster", "move", "8", "--to", "b", "-c", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("There is no shard 8: shards are numbered 0 to 7.");
        r = ConfigCommandTest.run("cluster", "move", "1", "--to", "zz", "-c", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown node 'zz': the nodes are a, b, c");
        r = ConfigCommandTest.run("cluster", "move", "1", "--to", "c", "-c", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Node c is down");
        int ofC = map().slotsOf("c").get(0).shard();
        r = ConfigCommandTest.run("cluster", "move", Integer.toString(ofC), "--to", "b", "-c", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("The files of shard " + ofC + " are on c, which is down").contains("--force");
        assertThat(map().epoch()).isEqualTo(2);
    }

    @Test
    void moveHandsAShardFromItsLiveOwnerToAnotherNode() {
        int ofA = map().slotsOf("a").get(0).shard();
        ConfigCommandTest.Run r = ConfigCommandTest.run("cluster", "move", Integer.toString(ofA), "--to", "b", "-c", file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Shard " + ofA + " moves from a to b").contains("a stops writing it and flushes its files");
        ShardSlot s = map().slot(ofA, 0);
        assertThat(s.owner()).contains("b");
        assertThat(s.from()).contains("a");
        assertThat(s.released()).isFalse();
        assertThat(map().epoch()).isEqualTo(3);
    }

    @Test
    void moveWithForceStartsAShardOfADownNodeAfresh() {
        int ofC = map().slotsOf("c").get(0).shard();
        ConfigCommandTest.Run r = ConfigCommandTest.run("cluster", "move", Integer.toString(ofC), "--to", "b", "--force", "-c",
                file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(map().slot(ofC, 0)).isEqualTo(ShardSlot.unowned(ofC, 0).ownedAs("b"));
    }

    @Test
    void rebalanceProposesAMinimalMoveAndAppliesItOnlyWhenAsked() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("cluster", "rebalance", "-c", file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        // a and b are alive; c is down and keeps its four
        assertThat(r.out()).contains("Plan over epoch 2: 2 of 8 shard copies move, among a, b")
                .contains("a: 4 -> 2 shard copies").contains("b: 0 -> 2 shard copies")
                .contains("c is down: its 4 shard copies stay with it")
                .contains("run again with --apply");
        assertThat(map().epoch()).isEqualTo(2);
        r = ConfigCommandTest.run("cluster", "rebalance", "--apply", "-c", file.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Committed as epoch 3");
        assertThat(map().slotsOf("b")).hasSize(2).allSatisfy(s -> assertThat(s.from()).contains("a"));
        assertThat(map().slotsOf("c")).hasSize(4);
    }
}
