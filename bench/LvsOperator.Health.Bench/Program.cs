// Health-check load: TARGETS TCP targets (default 10,000) on loopback, checked every second for SECONDS (default
// 30), on the epoll poller the agent uses ("poll", default) or on the async checker loops ("async"). The listeners
// run in a child process (this program with "serve"), so the CPU printed for the checker is the scheduler's and the
// checks' alone, as in the agent; the child's own CPU is printed apart. In the same run, before and after, the
// floor: the same connects made blocking, one after another on one thread, with no scheduler (on loopback the
// kernel handles both ends of every handshake in the connecting process, so its system time is in both figures).
// The ratio is the checker's CPU per check over the bare floor's per connect: the same as the ratio of their
// shares of a core at TARGETS checks a second.
//   dotnet run -c Release --project bench/LvsOperator.Health.Bench -- [TARGETS] [SECONDS] [poll|async]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Health.Bench;
using LvsOperator.Health.Checks;
using Microsoft.Extensions.Logging.Abstractions;

if (args is ["serve", var count]) return await LoopbackListeners.ServeAsync(int.Parse(count, CultureInfo.InvariantCulture));

var targetCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var poll = args.Length <= 2 || args[2] != "async";
const int Listeners = 100;

using var server = await LoopbackListeners.StartChildAsync(Listeners);
var ports = server.Ports;

// A handful of listening ports on many loopback addresses: 127.0.0.0/8 is all local, so 10,000 targets need no
// 10,000 listening sockets, and the ephemeral ports of the checks spread over many address pairs.
var service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
var probe = new HealthProbe(HealthCheckType.Tcp, 0, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), 2, 3, HealthState.Up);
var targets = Enumerable.Range(0, targetCount).Select(i =>
{
    var address = new IPAddress(new byte[] { 127, 1, (byte)(i / 250), (byte)(1 + i % 250) });
    var port = ports[i % Listeners];
    return new HealthTarget(new HealthTargetKey(service, new DestinationKey(address, port)), 1, probe with { Port = port });
}).ToList();
var endpoints = targets.Select(t => new IPEndPoint(t.Key.Destination.Address, t.Probe.Port)).ToList();
var floorConnects = Math.Max(2 * targetCount, 20_000);

var floorBefore = BlockingConnects.MeasureBare(endpoints, floorConnects);

var transitions = 0;
using var counter = new CheckCounter();
var options = new HealthSchedulerOptions { PollTcp = poll };
await using var scheduler = new HealthScheduler(new HealthCheckers(), TimeProvider.System, options, NullLogger<HealthScheduler>.Instance);
scheduler.TargetTransitioned += _ => Interlocked.Increment(ref transitions);

var process = Process.GetCurrentProcess();
scheduler.Configure([new HealthCheckedService(service, new HealthPolicy(), targets)]);
// The first interval is the jittered start, and the JIT warms up in the next: measure the steady state after them.
await Task.Delay(TimeSpan.FromSeconds(3));
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var userBefore = process.UserProcessorTime;
var serverBefore = server.ProcessorTime;
var checksBefore = counter.Checks;
var gcBefore = GC.CollectionCount(0);
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var wall = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
process.Refresh();
var elapsed = wall.Elapsed.TotalSeconds;
var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
var user = (process.UserProcessorTime - userBefore).TotalSeconds;
var serverCpu = (server.ProcessorTime - serverBefore).TotalSeconds;
var checks = counter.Checks - checksBefore;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var down = scheduler.Snapshot().Targets.Count(t => t.Value == HealthState.Down);
var rss = process.WorkingSet64;
await scheduler.DisposeAsync();

var floorAfter = BlockingConnects.MeasureBare(endpoints, floorConnects);
var managed = BlockingConnects.MeasureManaged(endpoints, floorConnects);
var floor = new Cost((floorBefore.System + floorAfter.System) / 2, (floorBefore.User + floorAfter.User) / 2);
var ours = new Cost(TimeSpan.FromSeconds((cpu - user) / checks), TimeSpan.FromSeconds(user / checks));
var rate = targetCount / probe.Interval.TotalSeconds;

static string Us(Cost c) => $"{c.Total.TotalMicroseconds:F1} us ({c.System.TotalMicroseconds:F1} system, {c.User.TotalMicroseconds:F1} user)";

Console.WriteLine($"path {(poll ? "poll (one epoll thread)" : "async (checker loops)")}, targets {targetCount}, interval 1 s, measured {elapsed:F1} s");
Console.WriteLine($"checks {checks} ({checks / elapsed:F0}/s of {rate:F0}/s due), failures {counter.Failures}, transitions {transitions}, down at the end {down}");
Console.WriteLine($"checker cpu {cpu / elapsed * 100:F1}% of one core (user {user / elapsed * 100:F1}%, system {(cpu - user) / elapsed * 100:F1}%), per check {Us(ours)}");
Console.WriteLine($"checker rss {rss / (1024 * 1024)} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB, allocated {(double)allocated / checks:F1} B per check, gen0 GCs {GC.CollectionCount(0) - gcBefore}");
Console.WriteLine($"listeners (child process) cpu {serverCpu / elapsed * 100:F1}% of one core");
Console.WriteLine($"floor, bare blocking connects (libc), before / after: {Us(floorBefore)} / {Us(floorAfter)}");
Console.WriteLine($"floor, through Socket (managed), after: {Us(managed)}");
Console.WriteLine($"at {rate:F0} checks/s: checker {ours.CorePercent(rate):F1}% of one core, floor {floor.CorePercent(rate):F1}% (managed {managed.CorePercent(rate):F1}%); ratio {ours.Total / floor.Total:F2} x the floor (goal <= 1.30)");
return 0;
