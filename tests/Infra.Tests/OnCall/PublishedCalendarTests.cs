using Infra.Components.OnCall;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>
/// The calendar revised against the published copy, not against whatever folder render writes into: a fresh
/// checkout (CI, a teammate) raises SEQUENCE above what was published, and turns that no longer exist are
/// published as cancelled, so a calendar that imported the file (modelled with Ical.Net: per UID the highest
/// SEQUENCE wins, a cancelled event is removed, RFC 5546 2.1.5 and 3.2.1) ends up with exactly the new turns.
/// </summary>
public sealed class PublishedCalendarTests
{
    // Weekly turns from Monday 2026-11-02 09:00 Berlin (a, b, c) and a daily secondary (b, c); six weeks.
    private const string Before = """
        {"calendarStart": "2026-11-30", "calendarWeeks": 6,
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}, {"email": "c@example.com", "name": "C"}],
         "schedules": [{"name": "primary", "timeZone": "Europe/Berlin", "layers": [
            {"name": "weekly", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com", "c@example.com"]}]},
           {"name": "secondary", "timeZone": "Europe/Berlin", "layers": [
            {"name": "daily", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 86400, "users": ["b@example.com", "c@example.com"]}]}],
         "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 15, "targets": [{"schedule": "primary"}]}, {"delayMinutes": 15, "targets": [{"schedule": "secondary"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    private static string With(string onCall, string published) =>
        onCall.Replace("{\"calendarStart\"", $"{{\"publishedCalendar\": {System.Text.Json.JsonSerializer.Serialize(published)}, \"calendarStart\"", StringComparison.Ordinal);

    private static string Render(string onCall)
    {
        // A fresh folder every time: nothing of an earlier render is there to revise.
        var compiled = Stacks.CompileWith(Stacks.First(StackRole.OnCall), new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = onCall });
        return RenderWriter.Files(compiled.Graph, compiled.Program)[OnCallStack.CalendarIcsPath];
    }

    private static Dictionary<string, Ical.Net.CalendarComponents.CalendarEvent> Events(string ics) =>
        Ical.Net.Calendar.Load(ics)!.Events.ToDictionary(e => e.Uid!, StringComparer.Ordinal);

    private static bool IsCancelled(Ical.Net.CalendarComponents.CalendarEvent e) => string.Equals(e.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase);

    /// <summary>A calendar application importing files in order: an event replaces the one with its UID if its SEQUENCE is higher; a cancelled one removes it.</summary>
    private static Dictionary<string, Ical.Net.CalendarComponents.CalendarEvent> Import(params string[] files)
    {
        var calendar = new Dictionary<string, Ical.Net.CalendarComponents.CalendarEvent>(StringComparer.Ordinal);
        var sequences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var e in Events(file).Values)
            {
                if (sequences.TryGetValue(e.Uid!, out var seen) && e.Sequence <= seen)
                {
                    continue;
                }

                sequences[e.Uid!] = e.Sequence;
                if (IsCancelled(e))
                {
                    calendar.Remove(e.Uid!);
                }
                else
                {
                    calendar[e.Uid!] = e;
                }
            }
        }

        return calendar;
    }

    private static void InTempFile(string text, Action<string> test)
    {
        var path = Path.Combine(Path.GetTempPath(), $"infra-published-{Guid.NewGuid():N}.ics");
        File.WriteAllText(path, text);
        try
        {
            test(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFreshCheckoutRaisesTheSequenceAboveThePublishedCopy()
    {
        var changed = Before.Replace("[\"a@example.com\", \"b@example.com\", \"c@example.com\"]", "[\"a@example.com\", \"c@example.com\", \"b@example.com\"]", StringComparison.Ordinal);
        Assert.NotEqual(Before, changed);

        // Published twice already: the copy's changed events are at SEQUENCE 1 after this round trip.
        var first = Render(Before);
        InTempFile(first, path =>
        {
            var second = Render(With(changed, path));
            File.WriteAllText(path, second);
            var third = Render(With(Before, path));
            var (published, revised) = (Events(second), Events(third));

            Assert.Contains(published.Values, e => e.Sequence == 1);
            Assert.Equal(published.Keys.Order(StringComparer.Ordinal), revised.Keys.Order(StringComparer.Ordinal));
            var moved = revised.Keys.Where(uid => revised[uid].Summary != published[uid].Summary).ToList();
            Assert.NotEmpty(moved);
            Assert.All(moved, uid =>
            {
                Assert.True(revised[uid].Sequence > published[uid].Sequence, $"{uid}: SEQUENCE {revised[uid].Sequence} is not above the published {published[uid].Sequence}");
                Assert.True(revised[uid].DtStamp!.Value > published[uid].DtStamp!.Value);
            });
            Assert.All(revised.Keys.Except(moved), uid => Assert.Equal(published[uid].Sequence, revised[uid].Sequence));

            // Without the published copy the same fresh render would start again at 0: the bug this fixes.
            Assert.All(Events(Render(Before)).Values, e => Assert.Equal(0, e.Sequence));

            // Publishing the same rotation again changes nothing.
            File.WriteAllText(path, third);
            Assert.Equal(third, Render(With(Before, path)));
        });
    }

    [Theory]
    [InlineData("a layer ends earlier", "\"rotationTurnLengthSeconds\": 86400,", "\"rotationTurnLengthSeconds\": 86400, \"end\": \"2026-12-21T09:00:00\",")]
    [InlineData("a schedule is renamed", "{\"name\": \"secondary\"", "{\"name\": \"backup\"")]
    [InlineData("the turns are longer", "\"rotationTurnLengthSeconds\": 86400,", "\"rotationTurnLengthSeconds\": 172800,")]
    public void TurnsThatVanishArePublishedAsCancelledAndAnImporterRemovesThem(string change, string from, string to)
    {
        var after = Before.Replace(from, to, StringComparison.Ordinal);
        if (to.Contains("backup", StringComparison.Ordinal))
        {
            after = after.Replace("{\"schedule\": \"secondary\"}", "{\"schedule\": \"backup\"}", StringComparison.Ordinal);
        }

        Assert.Contains(from, Before, StringComparison.Ordinal);
        var published = Render(Before);
        InTempFile(published, path =>
        {
            var revised = Render(With(after, path));
            var (old, fresh) = (Events(published), Events(revised));
            var vanished = old.Keys.Where(uid => !Events(Render(after)).ContainsKey(uid)).ToList();
            Assert.True(vanished.Count > 0, change);

            // Each vanished turn is in the file, cancelled, above its published SEQUENCE, at its published times.
            Assert.All(vanished, uid =>
            {
                Assert.True(IsCancelled(fresh[uid]), $"{change}: {uid} is not cancelled");
                Assert.True(fresh[uid].Sequence > old[uid].Sequence);
                Assert.Equal(old[uid].DtStart!.Value, fresh[uid].DtStart!.Value);
            });
            Assert.All(fresh.Values.Where(IsCancelled), e => Assert.Contains(e.Uid!, vanished));

            // A calendar that imported the published file and then this one shows exactly the new rotation.
            var imported = Import(published, revised);
            var expected = Events(Render(after));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), imported.Keys.Order(StringComparer.Ordinal));
            Assert.All(expected.Keys, uid => Assert.Equal(expected[uid].Summary, imported[uid].Summary));

            // Published again: the cancellations stay, unchanged (no new SEQUENCE), the file is the same.
            File.WriteAllText(path, revised);
            Assert.Equal(revised, Render(With(after, path)));

            // Once the window has moved past them, past events (cancelled or not) leave the file.
            var later = Render(With(after.Replace("\"calendarStart\": \"2026-11-30\"", "\"calendarStart\": \"2027-03-01\"", StringComparison.Ordinal), path));
            Assert.All(Events(later).Values, e => Assert.True(e.DtEnd!.Value > new DateTime(2027, 2, 28, 0, 0, 0, DateTimeKind.Utc)));
        });
    }

    [Fact]
    public void APublishedCopyThatIsMissingIsAnErrorWithTheFixNotAFreshStart()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"infra-missing-{Guid.NewGuid():N}.ics");
        var error = Assert.Throws<CompilationException>(() => Render(With(Before, missing)));
        var message = string.Join("\n", error.Problems);
        Assert.Contains("publishedCalendar", message, StringComparison.Ordinal);
        Assert.Contains("create it empty", message, StringComparison.Ordinal);

        // An empty file is the first publication: every event at SEQUENCE 0.
        InTempFile(string.Empty, path => Assert.All(Events(Render(With(Before, path))).Values, e => Assert.Equal(0, e.Sequence)));
    }

    [Theory]
    [InlineData("calendar.txt")]
    [InlineData("../calendar.ics")]
    [InlineData("stacks/./calendar.ics")]
    public void APublishedCalendarPathThatIsNotAnIcsFileInTheProjectIsRefused(string path)
    {
        var error = Assert.Throws<CompilationException>(() => Render(With(Before, path)));
        Assert.Contains($"publishedCalendar '{path}' must be the path of the published calendar file (.ics) relative to the project folder", string.Join("\n", error.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void ThePublishedCalendarIsTheCurrentRotation(string stack)
    {
        // The committed copy is what calendars import; a rotation change must come with its new copy, so that every
        // published version revises the one before (docs/oncall.md, "Publishing the calendar").
        var compiled = Stacks.Compile(stack);
        var config = compiled.Settings.Get(SettingsCatalog.OnCall);
        if (config.PublishedCalendar is not { } relative)
        {
            return;
        }

        var rendered = RenderWriter.Files(compiled.Graph, compiled.Program)[OnCallStack.CalendarIcsPath];
        var published = File.ReadAllText(Path.Combine(Stacks.RootOf(stack), relative));
        Assert.True(published == rendered,
            $"{relative} is not the calendar of stack '{stack}''s rotation: run `dotnet run --project infra -- render --stack {Stacks.NameOf(stack)} --out /tmp/oncall` "
            + $"and copy /tmp/oncall/{OnCallStack.CalendarIcsPath} to {relative}, then review and commit the diff");
    }
}
