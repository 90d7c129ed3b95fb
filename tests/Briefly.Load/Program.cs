using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Load;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

void Say(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
JsonNode result;
var logs = new List<(string Log, string Name)>();
RunFigures Measure(RunRecord record)
{
    logs.AddRange(record.Lives.Select(l => (l.Log, $"{record.Hosts}hosts-host{l.Number}-life{l.Life}")));
    return LoadReport.Measure(record);
}
var ok = true;
if (options.CompareHosts)
{
    // The same fan-out twice on fresh databases, the fakes set alike: what a second host adds to the throughput.
    var figures = new List<RunFigures>();
    foreach (var hosts in new[] { 1, 2 })
    {
        var run = Measure(await LoadRun.RunAsync(options, hosts, Say));
        Console.WriteLine(LoadReport.Print(run));
        figures.Add(run);
    }
    var ratio = figures[0].MessagesPerSecond > 0 ? figures[1].MessagesPerSecond / figures[0].MessagesPerSecond : 0;
    Console.WriteLine($"throughput, 2 hosts ÷ 1 host: {figures[1].MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} ÷ " +
        $"{figures[0].MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} messages/s = {ratio.ToString("0.00", CultureInfo.InvariantCulture)} (target ≥ 1.8)");
    result = new JsonObject
    {
        ["oneHost"] = JsonSerializer.SerializeToNode(figures[0], json),
        ["twoHosts"] = JsonSerializer.SerializeToNode(figures[1], json),
        ["throughputRatio"] = ratio,
    };
    ok = figures.All(f => !f.TimedOut);
}
else
{
    var run = Measure(await LoadRun.RunAsync(options, options.Hosts, Say));
    Console.WriteLine(LoadReport.Print(run));
    result = JsonSerializer.SerializeToNode(run, json)!;
    ok = !run.TimedOut;
}
if (options.JsonFile is { } file)
{
    // Each host's whole console log beside the figures, for the lines the counts stand for.
    foreach (var (run, name) in logs) await File.WriteAllTextAsync($"{file}.{name}.log", run);
    await File.WriteAllTextAsync(file, result.ToJsonString(json));
    Say($"wrote {file}");
}
return ok ? 0 : 1;
