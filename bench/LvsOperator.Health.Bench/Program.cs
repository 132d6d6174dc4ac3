// Health-check load: TARGETS TCP targets (default 10,000) on loopback, checked every second for SECONDS (default 30).
// The listeners run in a child process (this program with "serve"), so the CPU and memory printed for the checker
// are the scheduler's and the checkers' alone, as in the agent; the child's own CPU is printed apart. Then the floor:
// the same connects made blocking, one after another on one thread, with no scheduler: on loopback the kernel
// handles both ends of every handshake in the connecting process, so its system time is in both figures.
//   dotnet run -c Release --project bench/LvsOperator.Health.Bench -- [TARGETS] [SECONDS]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Health.Checks;
using LvsOperator.Health.Bench;
using Microsoft.Extensions.Logging.Abstractions;

if (args is ["serve", var count]) return await LoopbackListeners.ServeAsync(int.Parse(count, CultureInfo.InvariantCulture));

var targetCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
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

var transitions = 0;
var checker = new CountingChecker(new HealthCheckers());
await using var scheduler = new HealthScheduler(checker, TimeProvider.System, new HealthSchedulerOptions(), NullLogger<HealthScheduler>.Instance);
scheduler.TargetTransitioned += _ => Interlocked.Increment(ref transitions);

var process = Process.GetCurrentProcess();
scheduler.Configure([new HealthCheckedService(service, new HealthPolicy(), targets)]);
// The first interval is the jittered start, and the JIT warms up in the next: measure the steady state after them.
await Task.Delay(TimeSpan.FromSeconds(3));
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var userBefore = process.UserProcessorTime;
var serverBefore = server.ProcessorTime;
var checksBefore = checker.Checks;
var gcBefore = GC.CollectionCount(0);
var allocatedBefore = GC.GetTotalAllocatedBytes();
var wall = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
process.Refresh();
var elapsed = wall.Elapsed.TotalSeconds;
var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
var user = (process.UserProcessorTime - userBefore).TotalSeconds;
var serverCpu = (server.ProcessorTime - serverBefore).TotalSeconds;
var checks = checker.Checks - checksBefore;
var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
var down = scheduler.Snapshot().Targets.Count(t => t.Value == HealthState.Down);

Console.WriteLine($"targets {targetCount}, interval 1 s, measured {elapsed:F1} s");
Console.WriteLine($"checks {checks} ({checks / elapsed:F0}/s), failures {checker.Failures}, transitions {transitions}, down now {down}");
Console.WriteLine($"checker cpu {cpu / elapsed * 100:F1}% of one core (user {user / elapsed * 100:F1}%, system {(cpu - user) / elapsed * 100:F1}%), {cpu / checks * 1e6:F1} us per check");
Console.WriteLine($"checker rss {process.WorkingSet64 / (1024 * 1024)} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB, allocated {allocated / checks} B per check, gen0 GCs {GC.CollectionCount(0) - gcBefore}");
Console.WriteLine($"listeners (child process) cpu {serverCpu / elapsed * 100:F1}% of one core");

await scheduler.DisposeAsync();
var floor = BlockingConnects.Measure(targets.Take(20_000).ToList(), process);
Console.WriteLine($"floor: blocking connect + reset close, one thread: {floor.System.TotalMicroseconds:F1} us system, {floor.User.TotalMicroseconds:F1} us user per connect");
return 0;
