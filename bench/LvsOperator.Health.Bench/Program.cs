// Health-check load: TARGETS TCP targets (default 10,000) on loopback, checked every second for SECONDS (default 30).
// The listeners live in this process too (they accept and close each connection),
// so the CPU figure is an upper bound for the agent. Prints CPU time / wall time (share of one core) and RSS.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Health.Checks;
using Microsoft.Extensions.Logging.Abstractions;

var targetCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
const int Listeners = 100;

// A handful of listening ports on many loopback addresses: 127.0.0.0/8 is all local, so 10,000 targets need no
// 10,000 sockets of our own, and the ephemeral ports of the checks spread over many address pairs.
var listeners = Enumerable.Range(0, Listeners).Select(i =>
{
    var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    l.Bind(new IPEndPoint(IPAddress.Any, 0));
    l.Listen(4096);
    _ = DrainAsync(l);
    return (ushort)((IPEndPoint)l.LocalEndPoint!).Port;
}).ToList();

var service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
var probe = new HealthProbe(HealthCheckType.Tcp, 0, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), 2, 3, HealthState.Up);
var targets = Enumerable.Range(0, targetCount).Select(i =>
{
    var address = new IPAddress(new byte[] { 127, 1, (byte)(i / 250), (byte)(1 + i % 250) });
    var port = listeners[i % Listeners];
    return new HealthTarget(new HealthTargetKey(service, new DestinationKey(address, port)), 1, probe with { Port = port });
}).ToList();

var transitions = 0;
await using var scheduler = new HealthScheduler(new CountingChecker(new HealthCheckers()), TimeProvider.System, new HealthSchedulerOptions(), NullLogger<HealthScheduler>.Instance);
scheduler.TargetTransitioned += _ => Interlocked.Increment(ref transitions);

var process = Process.GetCurrentProcess();
scheduler.Configure([new HealthCheckedService(service, new HealthPolicy(), targets)]);
// The first interval is the jittered start; measure the steady state after it.
await Task.Delay(TimeSpan.FromSeconds(2));
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var checksBefore = CountingChecker.Checks;
var wall = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;
var checks = CountingChecker.Checks - checksBefore;
var down = scheduler.Snapshot().Targets.Count(t => t.Value == HealthState.Down);

Console.WriteLine($"targets {targetCount}, interval 1 s, measured {wall.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"checks {checks} ({checks / wall.Elapsed.TotalSeconds:F0}/s), failures {CountingChecker.Failures}, transitions {transitions}, down now {down}");
Console.WriteLine($"cpu {cpu.TotalSeconds / wall.Elapsed.TotalSeconds * 100:F1}% of one core");
Console.WriteLine($"rss {process.WorkingSet64 / (1024 * 1024)} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB");
return 0;

static async Task DrainAsync(Socket listener)
{
    while (true)
    {
        using var accepted = await listener.AcceptAsync();
    }
}

/// <summary>Counts checks and failures around the real checker.</summary>
internal sealed class CountingChecker(IHealthChecker inner) : IHealthChecker
{
    private static long _checks;
    private static long _failures;

    public static long Checks => Interlocked.Read(ref _checks);
    public static long Failures => Interlocked.Read(ref _failures);

    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        try
        {
            var result = await inner.CheckAsync(target, cancellationToken);
            if (!result.Healthy) Interlocked.Increment(ref _failures);
            return result;
        }
        catch
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
    }
}
