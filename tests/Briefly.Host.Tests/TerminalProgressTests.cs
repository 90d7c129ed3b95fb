using Briefly.Core.Briefs;
using Briefly.Host.Commands;

namespace Briefly.Host.Tests;

public class TerminalProgressTests
{
    [Fact]
    public void Progress_rewrites_one_line_on_a_terminal_and_is_silent_otherwise()
    {
        var tally = new IngestTally();
        tally.Add(new IngestOutcome(IngestStatus.Created, 1, [], [], Embedded: 5));
        using var terminal = new StringWriter();
        using var pipe = new StringWriter();

        var onTerminal = new TerminalProgress(terminal, enabled: true);
        onTerminal.Report(tally, 3);
        tally.Add(IngestOutcome.Rejected(["x: bad"]));
        onTerminal.Report(tally, 3);
        onTerminal.Done();
        var inPipe = new TerminalProgress(pipe, enabled: false);
        inPipe.Report(tally, 3);
        inPipe.Done();

        Assert.Equal(
            "\r[1/3] 1 created, 0 updated, 0 unchanged, 0 rejected; 5 stories embedded   \r[2/3] 1 created, 0 updated, 0 unchanged, 1 rejected; 5 stories embedded   " + Environment.NewLine,
            terminal.ToString());
        Assert.Equal("", pipe.ToString());
    }
}
