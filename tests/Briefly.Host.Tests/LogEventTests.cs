using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Briefly.Host.Tests;

/// <summary>
/// Log events are found by their id (a log store's query, an alert, a test), so each id means one event: every
/// <c>[LoggerMessage]</c> method in the product has its own, and each area's ids come from its <c>*Events</c> class and
/// stay inside the area's range.
/// </summary>
public sealed class LogEventTests
{
    private static readonly string[] AssemblyNames =
        ["Briefly.Core", "Briefly.Data", "Briefly.Embeddings", "Briefly.Teams", "Briefly.Slack", "Briefly.Host", "Briefly.HealthProbe"];

    /// <summary>By full name, so an area's class counts as soon as it exists (the deliveries' is written elsewhere).</summary>
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["Briefly.Core.Briefs.IngestEvents"] = (1000, 1099),
        ["Briefly.Core.Feeds.FeedEvents"] = (1100, 1199),
        ["Briefly.Core.Search.SearchEvents"] = (1200, 1299),
        ["Briefly.Core.Conversations.ConversationEvents"] = (1300, 1399),
        ["Briefly.Core.Messaging.MessagingEvents"] = (1400, 1499),
        ["Briefly.Core.Deliveries.DeliveryEvents"] = (1500, 1599),
        ["Briefly.Teams.TeamsEvents"] = (2000, 2099),
        ["Briefly.Slack.SlackEvents"] = (2100, 2199),
        ["Briefly.Host.HostEvents"] = (3000, 3099),
        ["Briefly.Data.DataEvents"] = (4000, 4099),
    };

    private static readonly Type[] Types = [.. AssemblyNames.SelectMany(name => Assembly.Load(name).GetTypes())];

    private static readonly (MethodInfo Method, int Id)[] Logged =
    [
        .. from type in Types
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (method, attribute.EventId),
    ];

    private static readonly (FieldInfo Field, int Id)[] Constants =
    [
        .. from type in Types
           where type.Name.EndsWith("Events", StringComparison.Ordinal)
           from field in type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
           where field.IsLiteral && field.FieldType == typeof(int)
           select (field, (int)field.GetRawConstantValue()!),
    ];

    [Fact]
    public void The_product_logs_through_LoggerMessage_methods_and_names_their_ids()
    {
        // Guards the reflection below: a wrong assembly list or attribute lookup would make every other check pass on nothing.
        Assert.True(Logged.Length >= 50, $"Only {Logged.Length} [LoggerMessage] methods were found.");
        Assert.Contains(Constants, c => c.Field.DeclaringType!.FullName == "Briefly.Teams.TeamsEvents");
    }

    [Fact]
    public void Every_logged_event_has_an_id_of_its_own()
    {
        var unnumbered = Logged.Where(l => l.Id == 0).Select(l => Name(l.Method)).ToList();
        Assert.True(unnumbered.Count == 0, $"Logged without an event id: {string.Join(", ", unnumbered)}");

        var clashes = Logged.GroupBy(l => l.Id).Where(g => g.Count() > 1)
            .Select(g => $"event {g.Key} is logged by {string.Join(" and ", g.Select(l => Name(l.Method)))}")
            .ToList();
        Assert.True(clashes.Count == 0, $"Event ids shared: {string.Join("; ", clashes)}");
    }

    [Fact]
    public void Every_event_id_constant_is_one_logged_event_inside_its_area_range()
    {
        var problems = new List<string>();
        foreach (var (field, id) in Constants)
        {
            var name = $"{field.DeclaringType!.FullName}.{field.Name}";
            if (!Ranges.TryGetValue(field.DeclaringType.FullName!, out var range))
                problems.Add($"{name}: {field.DeclaringType.Name} has no id range here; give its area one");
            else if (id < range.First || id > range.Last)
                problems.Add($"{name} = {id} is outside {range.First}–{range.Last}");
            var users = Logged.Where(l => l.Id == id).Select(l => Name(l.Method)).ToList();
            if (users.Count != 1)
                problems.Add($"{name} = {id} is logged by {(users.Count == 0 ? "no method" : string.Join(" and ", users))}");
        }
        problems.AddRange(Constants.GroupBy(c => c.Id).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(c => $"{c.Field.DeclaringType!.Name}.{c.Field.Name}"))} share the value {g.Key}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Each_area_log_method_is_named_as_its_event()
    {
        var problems = new List<string>();
        foreach (var (method, id) in Logged.Where(l => l.Method.DeclaringType!.Name.EndsWith("Log", StringComparison.Ordinal)))
        {
            var log = method.DeclaringType!;
            var eventsName = $"{log.Namespace}.{log.Name[..^"Log".Length]}Events";
            var events = log.Assembly.GetType(eventsName);
            var constant = events?.GetField(method.Name, BindingFlags.Public | BindingFlags.Static);
            if (constant is null) problems.Add($"{Name(method)} has no {eventsName}.{method.Name}");
            else if ((int)constant.GetRawConstantValue()! != id) problems.Add($"{Name(method)} logs {id}, not {eventsName}.{method.Name}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";
}
