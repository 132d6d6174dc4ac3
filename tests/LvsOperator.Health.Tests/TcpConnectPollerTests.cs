using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health.Checks;
using LvsOperator.Health.Polling;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Health.Tests;

/// <summary>
/// The epoll poller turned by hand (<see cref="TcpConnectPoller.Step"/>, never blocking) on a fake clock, against
/// real sockets on 127.0.0.1: a listener (the kernel finishes the handshake without an accept), a bound port that
/// does not listen (refused), and a listener whose accept queue is full (the kernel drops the SYN, so the connect
/// stays in SYN-SENT: the only way to make a check hang on loopback). Timeouts come from the fake clock alone.
/// Not run in parallel with other tests: one counts this process's file descriptors.
/// </summary>
[Collection(nameof(FileDescriptorCounting))]
public sealed class TcpConnectPollerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);
    private readonly FakeTimeProvider _time = new();
    private readonly List<(TargetRun Run, HealthCheckResult Result, TimeSpan Duration)> _results = [];
    private readonly List<Socket> _sockets = [];
    private TcpConnectPoller _poller;

    public TcpConnectPollerTests() => _poller = Poller(maxInFlight: 16);

    [Fact]
    public void A_listening_port_is_healthy_and_the_next_check_comes_one_interval_later()
    {
        var run = Run(Listening());
        _poller.Add(run, jitter: 0);

        StepUntil(() => _results.Count == 1);
        Assert.True(_results[0].Result.Healthy);
        Assert.Same(run, _results[0].Run);
        Assert.Equal(0, _poller.InFlight);

        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Steps();
        Assert.Single(_results);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        StepUntil(() => _results.Count == 2);
        Assert.True(_results[1].Result.Healthy);
    }

    [Fact]
    public void A_bound_port_without_a_listener_refuses()
    {
        _poller.Add(Run(BoundNotListening()), jitter: 0);

        StepUntil(() => _results.Count == 1);

        Assert.False(_results[0].Result.Healthy);
        Assert.Equal(new SocketException((int)SocketError.ConnectionRefused).Message, _results[0].Result.Failure);
        Assert.Equal(0, _poller.InFlight);
    }

    [Fact]
    public void A_connect_that_gets_no_answer_fails_at_its_timeout_by_the_clock_and_not_before()
    {
        _poller.Add(Run(FullBacklog()), jitter: 0);
        StepUntil(() => _poller.InFlight == 1);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Steps();
        Assert.Empty(_results);
        Assert.Equal(1, _poller.InFlight);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Steps();
        var (_, result, duration) = Assert.Single(_results);
        Assert.Equal(HealthCheckResult.Failed("no answer within 400 ms"), result);
        Assert.Equal(Timeout, duration);
        Assert.Equal(0, _poller.InFlight);
    }

    [Fact]
    public void Answers_waiting_beyond_one_epoll_batch_are_all_taken_before_any_timeout_fires()
    {
        _poller.Dispose();
        _poller = Poller(maxInFlight: 1024);
        var endpoint = Listening(backlog: 1024);
        for (var i = 0; i < 300; i++) _poller.Add(Run(endpoint), jitter: 0);
        _poller.Step(block: false);
        Assert.Equal(300, _poller.InFlight);

        // The loop comes back late: every connect answered long ago, and every timeout is due.
        _time.Advance(Timeout);
        _poller.Step(block: false);

        Assert.Equal(300, _results.Count);
        Assert.All(_results, r => Assert.True(r.Result.Healthy, r.Result.Failure));
    }

    [Fact]
    public void The_first_check_waits_for_its_jitter()
    {
        _poller.Add(Run(Listening()), jitter: 0.5);
        Steps();
        Assert.Empty(_results);

        _time.Advance(Interval / 2);
        StepUntil(() => _results.Count == 1);
    }

    [Fact]
    public void A_removed_target_is_not_checked_again_its_socket_is_closed_and_its_run_disposed()
    {
        var hanging = Run(FullBacklog());
        _poller.Add(hanging, jitter: 0);
        StepUntil(() => _poller.InFlight == 1);

        _poller.Remove(hanging);
        Steps();

        Assert.Equal(0, _poller.InFlight);
        Assert.Throws<ObjectDisposedException>(() => hanging.Stopping);
        _time.Advance(Interval * 3);
        Steps();
        Assert.Empty(_results);
    }

    [Fact]
    public void No_more_connects_than_the_cap_are_in_flight_and_a_waiting_target_starts_when_one_ends()
    {
        _poller.Dispose();
        _poller = Poller(maxInFlight: 1);
        var full = FullBacklog();
        var (first, second) = (Run(full), Run(full));
        _poller.Add(first, jitter: 0);
        _poller.Add(second, jitter: 0);
        StepUntil(() => _poller.InFlight == 1);
        Steps();
        Assert.Equal(1, _poller.InFlight);

        _time.Advance(Timeout);
        Steps();

        Assert.Same(first, Assert.Single(_results).Run);
        Assert.Equal(1, _poller.InFlight);
        _time.Advance(Timeout);
        Steps();
        Assert.Equal([first, second], _results.Select(r => r.Run));
    }

    [Fact]
    public void Checks_of_every_outcome_then_removal_and_disposal_leave_no_file_descriptor_open()
    {
        var before = OpenDescriptors();
        var poller = Poller(maxInFlight: 16);
        var runs = new[] { Run(Listening()), Run(BoundNotListening()), Run(FullBacklog()), Run(FullBacklog()) };
        var listed = OpenDescriptors();
        foreach (var run in runs) poller.Add(run, jitter: 0);
        StepUntil(() => _results.Count == 2 && poller.InFlight == 2, poller);
        _time.Advance(Timeout);
        StepUntil(() => _results.Count == 4, poller);
        _time.Advance(Interval - Timeout);
        StepUntil(() => _results.Count == 6 && poller.InFlight == 2, poller);
        Assert.Equal(listed + 2, OpenDescriptors());
        poller.Remove(runs[2]);
        Steps(poller);
        Assert.Equal(listed + 1, OpenDescriptors());

        poller.Dispose();
        foreach (var socket in _sockets) socket.Dispose();
        _sockets.Clear();

        Assert.Equal(before, OpenDescriptors());
    }

    public void Dispose()
    {
        _poller.Dispose();
        foreach (var socket in _sockets) socket.Dispose();
    }

    private TcpConnectPoller Poller(int maxInFlight) =>
        new((run, result, duration) => _results.Add((run, result, duration)), _time, maxInFlight);

    private static TargetRun Run(IPEndPoint endpoint)
    {
        var service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
        var probe = new HealthProbe(HealthCheckType.Tcp, (ushort)endpoint.Port, Interval, Timeout, 1, 1, HealthState.Up);
        var target = new HealthTarget(new HealthTargetKey(service, new DestinationKey(endpoint.Address, (ushort)endpoint.Port)), 1, probe);
        return new TargetRun(target, new TargetHealth(HealthState.Up, 1, 1), CancellationToken.None);
    }

    private IPEndPoint Listening(int backlog = 16)
    {
        var listener = Bound();
        listener.Listen(backlog);
        return (IPEndPoint)listener.LocalEndPoint!;
    }

    /// <summary>Bound, so no one else takes the port, but not listening: a SYN to it is answered with a reset.</summary>
    private IPEndPoint BoundNotListening() => (IPEndPoint)Bound().LocalEndPoint!;

    /// <summary>
    /// A listener with a backlog of 0 and one connection queued, never accepted: its accept queue is full, so the
    /// kernel drops every further SYN (tcp_conn_request in net/ipv4/tcp_input.c) and a connect hangs.
    /// </summary>
    private IPEndPoint FullBacklog()
    {
        var endpoint = Listening(backlog: 0);
        var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(filler);
        filler.Connect(endpoint);
        return endpoint;
    }

    private Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(socket);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A few turns: enough for anything the loopback kernel has already answered.</summary>
    private void Steps(TcpConnectPoller? poller = null)
    {
        for (var i = 0; i < 3; i++) (poller ?? _poller).Step(block: false);
    }

    /// <summary>Turns the loop until <paramref name="condition"/> holds, within a bound generous for a busy machine.</summary>
    private void StepUntil(Func<bool> condition, TcpConnectPoller? poller = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            (poller ?? _poller).Step(block: false);
            if (condition()) return;
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true");
            Thread.Sleep(1);
        }
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}

/// <summary>Tests that count this process's file descriptors run alone.</summary>
[CollectionDefinition(nameof(FileDescriptorCounting), DisableParallelization = true)]
public sealed class FileDescriptorCounting;
