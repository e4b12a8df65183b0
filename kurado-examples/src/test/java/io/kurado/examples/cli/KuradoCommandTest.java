package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KuradoCommandTest {
    @Test
    void everyCommandListedByHelpHasAOneLineSummaryThatEndsAsASentence() {
        List<String> checked = new ArrayList<>();
        check(KuradoCommand.commandLine(), checked);
        assertThat(checked).contains("kurado server", "kurado agent", "kurado graph", "bench ingest");
    }

    @Test
    void everyParagraphOfEveryCommandsHelpEndsAsASentence() {
        // picocli starts a new line for each element of a description: a sentence split over two
        // elements shows in the help as a line cut mid-sentence ("processors, uptime and")
        List<String> checked = new ArrayList<>();
        paragraphs(KuradoCommand.commandLine(), "kurado", checked);
        assertThat(checked).contains("kurado agent", "kurado graph", "kurado config", "kurado bench fetch");
    }

    private static void paragraphs(CommandLine cl, String name, List<String> checked) {
        for (String paragraph : cl.getCommandSpec().usageMessage().description()) {
            assertThat(paragraph.strip()).as("a paragraph of the help of %s", name).endsWith(".");
        }
        checked.add(name);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!(e.getValue().getCommandSpec().userObject() instanceof CommandLine.HelpCommand)) {
                paragraphs(e.getValue(), name + " " + e.getKey(), checked);
            }
        }
    }

    private static void check(CommandLine parent, List<String> checked) {
        String usage = usage(parent);
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            String name = parent.getCommandName() + " " + e.getKey();
            String summary = summary(sub);
            assertThat(summary).as("summary of %s", name).endsWith(".").doesNotContain("\n");
            // the line of the command list, with picocli's wrapping undone, is the whole summary
            String listed = listed(usage, e.getKey());
            assertThat(listed).as("%s in the help of %s", name, parent.getCommandName()).isEqualTo(summary);
            checked.add(name);
            check(sub, checked);
        }
    }

    private static String summary(CommandLine cl) {
        String[] header = cl.getCommandSpec().usageMessage().header();
        return header.length > 0 ? header[0] : cl.getCommandSpec().usageMessage().description()[0];
    }

    private static String usage(CommandLine cl) {
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w, true));
        return w.toString();
    }

    /** The text after a command's name in the "Commands:" list, its continuation lines joined. */
    private static String listed(String usage, String command) {
        List<String> lines = usage.lines().toList();
        int start = lines.indexOf("Commands:");
        StringBuilder text = new StringBuilder();
        boolean in = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            String stripped = line.strip();
            boolean entry = line.startsWith("  ") && !line.startsWith("    ");
            if (entry) {
                if (in) {
                    break;
                }
                if (stripped.startsWith(command + " ")) {
                    in = true;
                    text.append(stripped.substring(command.length()).strip());
                }
            } else if (in) {
                text.append(' ').append(stripped);
            }
        }
        return text.toString();
    }
}
