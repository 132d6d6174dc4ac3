using System.Collections.Concurrent;
using System.Diagnostics;
using LvsOperator.Core.Resources;
using LvsOperator.Health.Checks;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Health.Tests;

/// <summary>
/// The scheduler with the real checkers on the real clock, against servers killed and restarted: a death is
/// noticed within fall x interval + timeout, a return within rise x interval (plus generous slack for a busy
/// machine; the bound is about the design, not the speed of the host).
/// </summary>
public sealed class LiveDetectionTests
{
    private const int Rise = 2;
    private const int Fall = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    // Room for a first TLS handshake in a cold process on a busy machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    /// <summary>Each check type, TCP also on the epoll poller the agent runs it on.</summary>
    public static TheoryData<HealthCheckType, bool> Types => new()
    {
        { HealthCheckType.Tcp, false },
        { HealthCheckType.Tcp, true },
        { HealthCheckType.Http, false },
        { HealthCheckType.Https, false },
        { HealthCheckType.Dns, false },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task A_killed_server_goes_down_and_a_restarted_one_comes_back(HealthCheckType type, bool pollTcp)
    {
        using var certificate = HttpBackend.SelfSigned("web.example.org");
        using Backend server = type switch
        {
            HealthCheckType.Tcp => new TcpBackend(),
            HealthCheckType.Dns => new DnsBackend(),
            HealthCheckType.Https => new HttpBackend(certificate),
            _ => new HttpBackend(),
        };
        server.Start();
        var probe = CheckerTests.Target(type, server.Port, tls: new HealthCheckTls { InsecureSkipVerify = true }, dns: new HealthCheckDns { QueryName = "example.org" });
        var target = probe with { Probe = probe.Probe with { Interval = Interval, Timeout = Timeout, Rise = Rise, Fall = Fall } };
        var states = new BlockingCollection<HealthState>();
        var failures = new ConcurrentQueue<string?>();
        await using var scheduler = new HealthScheduler(new HealthCheckers(), TimeProvider.System, new HealthSchedulerOptions { PollTcp = pollTcp }, NullLogger<HealthScheduler>.Instance);
        scheduler.TargetTransitioned += transition => { states.Add(transition.State); failures.Enqueue(transition.Failure); };
        scheduler.Configure([new HealthCheckedService(target.Key.Service, new HealthPolicy(), [target])]);

        // Several intervals up: no transition while it serves.
        Assert.False(states.TryTake(out _, Interval * 3), string.Join("; ", failures));

        var killed = Stopwatch.StartNew();
        server.Stop();
        Assert.True(states.TryTake(out var down, Fall * Interval + Timeout + Interval + Slack), "not noticed down");
        Assert.Equal(HealthState.Down, down);
        // No lower bound: a check in flight when the server dies may count as the first failure.
        Assert.True(killed.Elapsed <= Fall * Interval + Timeout + Interval + Slack, $"down after {killed.Elapsed}");

        var restarted = Stopwatch.StartNew();
        server.Start();
        Assert.True(states.TryTake(out var up, Rise * Interval + Interval + Slack), "not noticed up");
        Assert.Equal(HealthState.Up, up);
        Assert.True(restarted.Elapsed <= Rise * Interval + Interval + Slack, $"up after {restarted.Elapsed}");
    }
}
