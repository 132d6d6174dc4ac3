using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Health.Checks;
using LvsOperator.Node.Ledger;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// The health gate with the real TCP checker on the real clock, against listeners on 127.0.0.1 that are stopped
/// and started again: the desired state the planner gets shows a dead server inhibited or removed within
/// fall x interval + timeout, back within rise x interval, the sorry server while none is up, every server at its
/// weight in panic mode, and a restarted gate planning what the last one did. Each wait is
/// on the gate's wake signal, as the reconcile loop waits, not on polling; bounds are from above only, with
/// slack for a loaded machine.
/// </summary>
public sealed class HealthGateTests : IAsyncLifetime, IDisposable
{
    private const int Rise = 2;
    private const int Fall = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);
    private static readonly IPAddress Loopback = IPAddress.Loopback;
    private static readonly DestinationKey SorryServer = new(IPAddress.Parse("127.0.0.9"), 8080);

    private static readonly HealthMeterExporter Exporter = new();
    private readonly RestartableListener _a = new();
    private readonly RestartableListener _b = new();
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lvs-gate-");
    private HealthScheduler _scheduler = NewScheduler();
    private HealthGate _gate = null!;

    public Task InitializeAsync()
    {
        _a.Start();
        _b.Start();
        _gate = NewGate(_scheduler);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _scheduler.DisposeAsync();

    public void Dispose()
    {
        _gate.Dispose();
        _a.Dispose();
        _b.Dispose();
        _state.Delete(recursive: true);
    }

    private DestinationKey A => new(Loopback, _a.Port);

    private DestinationKey B => new(Loopback, _b.Port);

    [Theory]
    [InlineData(HealthCheckFailureAction.Inhibit)]
    [InlineData(HealthCheckFailureAction.Remove)]
    public async Task A_dead_server_leaves_the_planned_table_and_a_recovered_one_returns(HealthCheckFailureAction onFailure)
    {
        var service = Service(port: 81);
        var desired = State(service, Check(onFailure));
        Assert.Equal(desired.Services[service].Destinations, _gate.Apply(desired).Services[service].Destinations);

        // Several intervals of a healthy server: nothing changes.
        await Task.Delay(Interval * 3);
        Assert.Equal(desired.Services[service].Destinations, _gate.Apply(desired).Services[service].Destinations);

        var killed = Stopwatch.StartNew();
        _a.Stop();
        var down = await UntilAsync(desired, s => onFailure == HealthCheckFailureAction.Inhibit
            ? s.Services[service].Destinations[A].Weight == 0
            : !s.Services[service].Destinations.ContainsKey(A), Fall * Interval + Timeout + Interval + Slack, "A out of the table");
        Assert.Equal(1, down.Services[service].Destinations[B].Weight);
        Assert.True(killed.Elapsed <= Fall * Interval + Timeout + Interval + Slack, $"out after {killed.Elapsed}");
        var why = Assert.Single(_gate.Down); // what the NodeSlice status will say
        Assert.Equal((service, A), why.Key);
        Assert.False(string.IsNullOrWhiteSpace(why.Value));
        var metrics = await MetricsTextAsync();
        Assert.Contains($"lvsoperator_health_target_up{{service=\"{service}\",destination=\"{A}\"}} 0", metrics);
        Assert.Contains("lvsoperator_health_transitions_total{state=\"down\"}", metrics);
        Assert.Contains("lvsoperator_health_check_duration_seconds_count{type=\"tcp\",result=\"failure\"}", metrics);

        var restarted = Stopwatch.StartNew();
        _a.Start();
        var up = await UntilAsync(desired, s => s.Services[service].Destinations.TryGetValue(A, out var a) && a.Weight == 3,
            Rise * Interval + Interval + Slack, "A back at its weight");
        Assert.Equal(desired.Services[service].Destinations, up.Services[service].Destinations);
        Assert.True(restarted.Elapsed <= Rise * Interval + Interval + Slack, $"back after {restarted.Elapsed}");
        Assert.Empty(_gate.Down);
    }

    [Fact]
    public async Task The_sorry_server_serves_while_every_real_server_is_down()
    {
        var service = Service(port: 82);
        var desired = State(service, Check(HealthCheckFailureAction.Inhibit) with { SorryServer = new HealthCheckSorryServer { Address = "127.0.0.9", Port = 8080 } });
        Assert.DoesNotContain(SorryServer, _gate.Apply(desired).Services[service].Destinations.Keys);

        _a.Stop();
        _b.Stop();
        var sorry = await UntilAsync(desired, s => s.Services[service].Destinations.ContainsKey(SorryServer), Fall * Interval + Timeout + Interval + Slack, "the sorry server");
        Assert.Equal([0, 0, 1], sorry.Services[service].Destinations.Values.Select(d => d.Weight));
        Assert.Equal(ForwardingMethod.Masquerade, sorry.Services[service].Destinations[SorryServer].Method);

        _b.Start();
        var back = await UntilAsync(desired, s => !s.Services[service].Destinations.ContainsKey(SorryServer), Rise * Interval + Interval + Slack, "the sorry server gone");
        Assert.Equal(1, back.Services[service].Destinations[B].Weight);
        Assert.Equal(0, back.Services[service].Destinations[A].Weight);
    }

    [Fact]
    public async Task A_restarted_agent_plans_the_table_its_last_run_left_before_any_check()
    {
        var service = Service(port: 84);
        var desired = State(service, Check(HealthCheckFailureAction.Inhibit, initialState: HealthCheckInitialState.Down));
        await UntilAsync(desired, s => s.Services[service].Destinations[A].Weight == 3 && s.Services[service].Destinations[B].Weight == 1,
            Rise * Interval + Interval + Slack, "both proven up (initialState Down)");
        _a.Stop();
        var before = await UntilAsync(desired, s => s.Services[service].Destinations[A].Weight == 0,
            Fall * Interval + Timeout + Interval + Slack, "A out of the table");

        // kill -9: the process and its memory go, the state directory stays.
        _gate.Dispose();
        await _scheduler.DisposeAsync();
        _scheduler = NewScheduler();
        _gate = NewGate(_scheduler);

        // Neither initialState Down (B) nor the default Up (A, were it so) moves a weight.
        Assert.Equal(before.Services[service].Destinations, _gate.Apply(desired).Services[service].Destinations);
        Assert.Equal((service, A), Assert.Single(_gate.Down).Key);
    }

    [Fact]
    public async Task Every_server_down_at_once_without_a_sorry_server_is_panic_mode_and_every_weight_stays()
    {
        var service = Service(port: 85);
        var desired = State(service, Check(HealthCheckFailureAction.Inhibit, panicThreshold: HealthCheck.DefaultPanicThreshold));
        _gate.Apply(desired);

        _a.Stop();
        _b.Stop();
        var panicking = await UntilAsync(desired, _ => _gate.Down.Count == 2, Fall * Interval + Timeout + Interval + Slack, "both down");
        Assert.Equal(desired.Services[service].Destinations, panicking.Services[service].Destinations);
        Assert.Contains($"lvsoperator_health_panic{{service=\"{service}\"}} 1", await MetricsTextAsync());

        // A (3 of 4) back: health applies again, and B, still down, goes out.
        _a.Start();
        var calm = await UntilAsync(desired, s => s.Services[service].Destinations[B].Weight == 0, Rise * Interval + Interval + Slack, "B out");
        Assert.Equal(3, calm.Services[service].Destinations[A].Weight);
        Assert.Contains($"lvsoperator_health_panic{{service=\"{service}\"}} 0", await MetricsTextAsync());
    }

    [Fact]
    public void Services_without_a_check_pass_through_untouched()
    {
        var checkedService = Service(port: 83);
        var plain = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.2"), 80);
        var desired = State(checkedService, Check(HealthCheckFailureAction.Remove));
        desired = desired with { Services = desired.Services.Add(plain, desired.Services[checkedService] with { Service = new IpvsService(plain, "rr"), HealthCheck = null }) };

        var planned = _gate.Apply(desired);

        Assert.Same(desired.Services[plain], planned.Services[plain]);
        Assert.Same(NodeDesiredState.Empty, _gate.Apply(NodeDesiredState.Empty));
    }

    /// <summary>Applies the gate after each wake until <paramref name="condition"/> holds, as the reconcile loop would.</summary>
    private async Task<NodeDesiredState> UntilAsync(NodeDesiredState desired, Func<NodeDesiredState, bool> condition, TimeSpan within, string what)
    {
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            var planned = _gate.Apply(desired);
            if (condition(planned)) return planned;
            try
            {
                await _gate.WaitForTransitionAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"not within {within}: {what}");
            }
        }
    }

    private static VirtualAddressKey Service(ushort port) => new(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), port);

    private HealthGate NewGate(HealthScheduler scheduler) =>
        new(scheduler, new AgentMetrics(), new VerdictStore(_state.FullName), NullLogger<HealthGate>.Instance);

    private static HealthScheduler NewScheduler() => new(
        new HealthCheckers(), TimeProvider.System, new HealthSchedulerOptions { JitterStart = false }, NullLogger<HealthScheduler>.Instance);

    /// <summary>Panic mode off unless asked for: with weights 3 and 1, A down alone is below Envoy's 50 %.</summary>
    private static HealthCheck Check(
        HealthCheckFailureAction onFailure, int panicThreshold = 0, HealthCheckInitialState initialState = HealthCheckInitialState.Up) => new()
    {
        PanicThreshold = panicThreshold,
        InitialState = initialState,
        Type = HealthCheckType.Tcp,
        Interval = $"{Interval.TotalMilliseconds}ms",
        Timeout = $"{Timeout.TotalMilliseconds}ms",
        Rise = Rise,
        Fall = Fall,
        OnFailure = onFailure,
    };

    private NodeDesiredState State(VirtualAddressKey service, HealthCheck check)
    {
        var destinations = new[] { new IpvsDestination(A, ForwardingMethod.Masquerade, 3), new IpvsDestination(B, ForwardingMethod.Masquerade, 1) }
            .ToImmutableSortedDictionary(d => d.Key, d => d);
        var desired = new DesiredService(new IpvsService(service, "wrr"), destinations, check);
        return NodeDesiredState.Empty with { Services = NodeDesiredState.Empty.Services.Add(service, desired) };
    }

    private static async Task<string> MetricsTextAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A TCP listener on 127.0.0.1 that closes what it accepts, stopped and started again on the same port.</summary>
    private sealed class RestartableListener : IDisposable
    {
        private TcpListener? _listener;

        public ushort Port { get; private set; }

        public void Start()
        {
            _listener = new TcpListener(Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            Port = (ushort)((IPEndPoint)_listener.LocalEndpoint).Port;
            var listener = _listener;
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true) (await listener.AcceptSocketAsync()).Dispose();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Stopped.
                }
            });
        }

        public void Stop() => _listener?.Stop();

        public void Dispose() => _listener?.Dispose();
    }
}
