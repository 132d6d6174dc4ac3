using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Agent.Failover;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Kernel;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// One <see cref="VrrpRouter"/> turned by hand (<c>Begin</c>, <c>Step</c>) on a clock that moves only when told:
/// what its thread does on each wake-up, without the thread.
/// </summary>
public sealed class VrrpRouterTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.120");
    private static readonly IPAddress Peer = IPAddress.Parse("198.51.100.9");
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static FailoverGroup Group(byte priority) =>
        new(51, priority, Interval, Preempt: true, TimeSpan.Zero, ConnectionSync: false, "eth0", [], [Vip]);

    [Fact]
    public void A_masters_advertisements_allocate_nothing_from_wake_up_to_the_link()
    {
        var (router, link, clock) = Router(200);
        BecomeMaster(router, clock);
        var sent = link.Sent;
        long allocated = 0;

        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(Interval);
            var before = GC.GetAllocatedBytesForCurrentThread();
            router.Step(TimeSpan.Zero);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(1000, link.Sent - sent);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_master_woken_seconds_late_sends_one_advertisement_and_stays_master()
    {
        var (router, link, clock) = Router(200);
        BecomeMaster(router, clock);
        var sent = link.Sent;

        clock.Advance(TimeSpan.FromSeconds(3));
        router.Step(TimeSpan.Zero);
        router.Step(TimeSpan.Zero);

        Assert.Equal(1, link.Sent - sent);
        Assert.True(router.IsMaster);
        Assert.Equal(FailoverRouterState.Master, router.Report.State);
    }

    [Fact]
    public void After_a_stall_the_masters_waiting_advert_is_read_before_the_overdue_master_down_timer()
    {
        var (router, link, clock) = Router(100);
        router.Begin();
        link.Queue(Peer, 150);
        router.Step(TimeSpan.Zero);

        clock.Advance(TimeSpan.FromSeconds(3)); // ten master-down intervals, with the master's next advert waiting
        link.Queue(Peer, 150);
        router.Step(TimeSpan.Zero);

        Assert.False(router.IsMaster);
        Assert.Equal(FailoverRouterState.Backup, router.Report.State);
        Assert.Equal(0, link.Sent);
    }

    [Fact]
    public void A_master_that_took_over_from_a_lower_priority_master_keeps_advertising_while_its_adverts_arrive()
    {
        var (router, link, clock) = Router(150);
        router.Begin();
        for (var i = 0; i < 100; i++)
        {
            clock.Advance(Interval);
            link.Queue(Peer, 100); // keepalived still master for a while, at priority 100
            router.Step(TimeSpan.Zero);
            router.Step(TimeSpan.Zero);
        }

        Assert.True(router.IsMaster);
        Assert.InRange(link.Sent, 90, 100);
    }

    [Fact]
    public void A_timer_served_an_interval_late_is_reported_with_the_gcs_share_and_sends_one_advertisement()
    {
        var logger = new RecordingLogger();
        var (router, link, clock) = Router(200, logger);
        BecomeMaster(router, clock);
        var sent = link.Sent;

        clock.Advance(Interval);
        link.Stall = () => clock.Advance(TimeSpan.FromMilliseconds(450)); // the wait returns 450 ms after it asked
        router.Step(TimeSpan.FromSeconds(1));

        Assert.Equal(1, link.Sent - sent);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("timer served 450 ms late; the GC paused the process", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timer_served_less_than_an_interval_late_is_not_reported()
    {
        var logger = new RecordingLogger();
        var (router, link, clock) = Router(200, logger);
        BecomeMaster(router, clock);

        clock.Advance(Interval);
        link.Stall = () => clock.Advance(TimeSpan.FromMilliseconds(60));
        router.Step(TimeSpan.FromSeconds(1));

        Assert.Empty(logger.Warnings);
    }

    private static (VrrpRouter Router, FakeLink Link, ManualClock Clock) Router(byte priority, ILogger? logger = null)
    {
        var link = new FakeLink();
        var clock = new ManualClock();
        var router = new VrrpRouter(Group(priority), AddressFamily.InterNetwork, "eth0", link, clock,
            logger ?? NullLogger.Instance, _ => { });
        return (router, link, clock);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) Warnings.Add(formatter(state, exception));
        }
    }

    private static void BecomeMaster(VrrpRouter router, ManualClock clock)
    {
        router.Begin();
        clock.Advance(TimeSpan.FromSeconds(1));
        router.Step(TimeSpan.Zero);
        Assert.True(router.IsMaster);
        clock.Advance(TimeSpan.FromSeconds(10)); // past the repeated announcement: the steady state
        router.Step(TimeSpan.Zero);
    }

    /// <summary>A clock that reads a field: moving it allocates nothing, unlike FakeTimeProvider's timer bookkeeping.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_ticks);
    }

    private sealed class FakeLink : IVrrpLink
    {
        private readonly Queue<(ReadOnlyMemory<byte>, VrrpIpHeader)> _inbox = new();

        public IPAddress PrimaryAddress { get; } = IPAddress.Parse("198.51.100.1");
        public int Sent { get; private set; }

        public void Queue(IPAddress source, byte priority)
        {
            var advertisement = new VrrpAdvertisement(51, priority, 10, [Vip]);
            var payload = VrrpPacket.Encode(advertisement, source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.PseudoHeader);
            _inbox.Enqueue((payload, new VrrpIpHeader(source, VrrpPacket.Ipv4Group, 112, 255)));
        }

        /// <summary>Runs inside the next wait, as a stall of the waiting thread would: moves the clock on.</summary>
        public Action? Stall { get; set; }

        public bool WaitForPacket(TimeSpan timeout)
        {
            Stall?.Invoke();
            Stall = null;
            return _inbox.Count > 0;
        }

        public (ReadOnlyMemory<byte> Payload, VrrpIpHeader Header) Receive() => _inbox.Dequeue();

        public void Send(IPAddress destination, ReadOnlyMemory<byte> payload) => Sent++;

        public void Announce(ImmutableArray<IPAddress> addresses, int count) { }

        public void Dispose() { }
    }
}
