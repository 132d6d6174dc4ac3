using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;

// The controller's whole decision for a large cluster: N Service-backed VirtualServices with E endpoints
// each, three director nodes; then one endpoint changes. Prints time, memory and the writes asked for.
var services = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var perService = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
string[] directors = ["director-a", "director-b", "director-c"];

var snapshot = Snapshot(changed: false);
var measuredTimes = new Dictionary<string, double>();
var measuredAllocations = new Dictionary<string, double>();
var options = new CompilerOptions();
ControllerInput Input(ClusterSnapshot cluster, IReadOnlyList<NodeSlice> slices) =>
    new(cluster, slices, directors.ToHashSet(), DateTimeOffset.UnixEpoch);

Console.WriteLine($"{services} VirtualServices x {perService} endpoints = {services * perService} endpoints, {directors.Length} directors");
ControllerDecisions.Decide(Input(Snapshot(changed: false, count: 50), []), options); // JIT warm-up

Measure("validation alone", () => snapshot.VirtualServices.Sum(vs => LvsOperator.Core.Validation.ResourceValidator.Validate(vs).Count));
Measure("compile alone", () => Compiler.Compile(snapshot, options));
var first = Measure("first decision (nothing published)", () => ControllerDecisions.Decide(Input(snapshot, []), options));
var published = first.Slices.Select((c, i) => c.Slice with { Metadata = c.Slice.Metadata with { Generation = 1, ResourceVersion = $"{i + 1}" } }).ToList();
var largest = published.Max(s => JsonSerializer.SerializeToUtf8Bytes(s, ResourceJsonContext.Default.NodeSlice).Length);
Console.WriteLine($"  {published.Count} NodeSlices; the largest is {largest / 1024.0:F1} KiB of JSON (limit 1 MiB)");

// Settled: the finalizers and statuses written, as the API server would hold them.
var statuses = first.VirtualServiceStatuses.ToDictionary(s => s.Target.Name, s => s.Status);
var settled = snapshot with
{
    VirtualServices = snapshot.VirtualServices.Select(vs => vs with
    {
        Metadata = vs.Metadata with { Finalizers = [ControllerDecisions.Finalizer] },
        Status = statuses[vs.Metadata.Name],
    }).ToList(),
};
var steady = Measure("steady state (nothing changed)", () => ControllerDecisions.Decide(Input(settled, published), options));
Console.WriteLine($"  writes asked for: {steady.Slices.Count} slice(s), {steady.VirtualServiceStatuses.Count} status(es)");

var changed = settled with { Services = Snapshot(changed: true).Services };
var change = Measure("one endpoint changed", () => ControllerDecisions.Decide(Input(changed, published), options));
Console.WriteLine($"  writes asked for: {change.Slices.Count} slice(s) ({string.Join(", ", change.Slices.Select(c => $"{c.Kind} {c.Slice.Metadata.Name}"))}), {change.VirtualServiceStatuses.Count} status(es)");

// The controller's full pass (the first, and one per resync): a compiler built from scratch, every key decided.
var source = new BenchSource(settled, published, directors.ToHashSet());
var everyKey = settled.VirtualServices.Select(ResourceRef.Of).ToHashSet();
var full = Measure("full pass (compiler from scratch, every key decided)",
    () => KeyedDecisions.Decide(IncrementalCompiler.From(changed, options), source, everyKey, DateTimeOffset.UnixEpoch));
Console.WriteLine($"  writes asked for: {full.Slices.Count} slice(s), {full.VirtualServiceStatuses.Count} status(es)");

// Incremental: the compile kept from the settled state; each run changes one endpoint of another Service and
// decides only the keys that change maps to, against the same published slices.
var incremental = Measure("incremental compiler built (once, at start)", () => IncrementalCompiler.From(settled, options));
var run = 0;
var keyed = Measure("incremental: one endpoint changed", () =>
{
    var service = settled.Services[services / 2 + run++];
    incremental.SetService(service with { Endpoints = [service.Endpoints[0] with { Ports = new Dictionary<string, int> { ["http"] = 9090 } }, .. service.Endpoints.Skip(1)] });
    var keys = incremental.Compile();
    return (Keys: keys.Count, Output: KeyedDecisions.Decide(incremental, source, keys, DateTimeOffset.UnixEpoch));
});
Console.WriteLine($"  keys decided: {keyed.Keys}; writes asked for: {keyed.Output.Slices.Count} slice(s) ({string.Join(", ", keyed.Output.Slices.Select(c => $"{c.Kind} {c.Slice.Metadata.Name}"))}), {keyed.Output.VirtualServiceStatuses.Count} status(es)");
Console.WriteLine($"  against the whole pass: {measuredTimes["one endpoint changed"] / measuredTimes["incremental: one endpoint changed"]:F0}x faster, {measuredAllocations["one endpoint changed"] / measuredAllocations["incremental: one endpoint changed"]:F0}x less allocated");

T Measure<T>(string what, Func<T> run)
{
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var times = new List<double>();
    T result = default!;
    for (var i = 0; i < 3; i++)
    {
        var clock = Stopwatch.StartNew();
        result = run();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / 3 / 1048576.0;
    measuredTimes[what] = times.Min();
    measuredAllocations[what] = allocated;
    Console.WriteLine($"{what}: {times.Min():F2} ms best of 3 (median {times.Order().ElementAt(1):F2} ms), {allocated:F3} MB allocated per run, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
    return result;
}

ClusterSnapshot Snapshot(bool changed, int? count = null)
{
    var n = count ?? services;
    var vs = new List<VirtualService>(n);
    var backends = new List<ServiceBackends>(n);
    for (var i = 0; i < n; i++)
    {
        var name = $"svc-{i}";
        vs.Add(new VirtualService
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "bench", Generation = 1, Uid = $"uid-{i}", CreationTimestamp = DateTimeOffset.UnixEpoch },
            Spec = new VirtualServiceSpec
            {
                Addresses = [new IPAddress([198, 18, (byte)(i / 250), (byte)(i % 250 + 1)]).ToString()],
                Port = 80,
                Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
                RealServers = new RealServerSource { Service = new ServiceReference { Name = name } },
            },
        });
        var endpoints = Enumerable.Range(0, perService).Select(e => new EndpointInfo(
            new IPAddress([10, (byte)(i / 250), (byte)(i % 250), (byte)(e + 1)]).ToString(),
            new Dictionary<string, int> { ["http"] = changed && i == n / 2 && e == 0 ? 9090 : 8080 })).ToList();
        backends.Add(new ServiceBackends("bench", name, [new ServicePortInfo("http", 80, Protocol.Tcp)], endpoints));
    }

    return new ClusterSnapshot(vs, [], backends, directors.Select(d => new NodeInfo(d, new Dictionary<string, string>())).ToList());
}

/// <summary>The published slices and resources by key, as the controller's caches index them.</summary>
internal sealed class BenchSource(ClusterSnapshot cluster, IReadOnlyList<NodeSlice> slices, IReadOnlySet<string> nodes) : IDecisionSource
{
    private readonly Dictionary<ResourceRef, VirtualService> _virtualServices = cluster.VirtualServices.ToDictionary(ResourceRef.Of);
    private readonly ILookup<ResourceRef, NodeSlice> _slices =
        slices.ToLookup(s => new ResourceRef(ResourceKinds.VirtualService, s.Metadata.Namespace ?? "", s.Spec.VirtualService));

    public IReadOnlySet<string> ExistingNodes => nodes;
    public VirtualService? VirtualService(ResourceRef vs) => _virtualServices.GetValueOrDefault(vs);
    public RealServer? RealServer(ResourceRef rs) => null;
    public IReadOnlyList<NodeSlice> SlicesOf(ResourceRef vs) => _slices[vs].ToList();
    public IEnumerable<NodeSlice> AllSlices() => slices;
}

