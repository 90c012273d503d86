using System.Text;
using Infra.Components.OnCall;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>The iCalendar file follows RFC 5545's framing: CRLF, folding at 75 octets, UTC times, stable UIDs.</summary>
public sealed class CalendarIcsTests
{
    [Fact]
    public void LongLinesAreFoldedAt75OctetsWithoutSplittingACharacter()
    {
        var text = new StringBuilder();
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("Zoë Ünal ", 20));
        CalendarIcs.Fold(line, text);
        var physical = text.ToString().Split("\r\n")[..^1];
        Assert.True(physical.Length > 1);
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.All(physical.Skip(1), l => Assert.StartsWith(" ", l, StringComparison.Ordinal));
        Assert.Equal(line, string.Concat(physical.Select((l, i) => i == 0 ? l : l[1..])));
    }

    [Fact]
    public void TextIsEscaped() => Assert.Equal("a\\, b\\; c\\\\ d\\n", CalendarIcs.Escape("a, b; c\\ d\n"));

    [Fact]
    public void TheOnCallStacksCalendarIsWellFramedAndReproducible()
    {
        foreach (var stack in Stacks.AtLeastOne(Infra.Config.StackRole.OnCall))
        {
            var compiled = Stacks.Compile(stack);
            var ics = compiled.Graph.Documents.Single(d => d.Path == Components.OnCall.OnCallStack.CalendarIcsPath).Content;
            Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
            Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", ics.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            var lines = ics.Split("\r\n");
            Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
            Assert.Equal(lines.Count(l => l == "BEGIN:VEVENT"), lines.Where(l => l.StartsWith("UID:", StringComparison.Ordinal)).Distinct().Count());
            Assert.All(lines.Where(l => l.StartsWith("DTSTART:", StringComparison.Ordinal) || l.StartsWith("DTEND:", StringComparison.Ordinal)), l => Assert.EndsWith("Z", l, StringComparison.Ordinal));
            Assert.Equal(ics, StackCompiler.Compile(Infra.Config.StackFileReader.Read(Stacks.RootOf(stack), Stacks.NameOf(stack)), Stacks.RootOf(stack), true)
                .Graph.Documents.Single(d => d.Path == Components.OnCall.OnCallStack.CalendarIcsPath).Content);
        }
    }
}
