using System.Net;
using LvsOperator.Vrrp.Election;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>
/// Routers on one simulated link sharing a fake clock. Advertisements travel as the encoded bytes
/// through the real decoder; the clock only moves from one due timer to the next, as an adapter
/// waiting on <see cref="VrrpInstance.TimeUntilNextTimer"/> would.
/// </summary>
internal sealed class Lan
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly List<Router> _routers = [];
    private readonly DateTimeOffset _start;

    public Lan() => _start = Clock.GetUtcNow();

    /// <summary>Time since the LAN was made.</summary>
    public TimeSpan Now => Clock.GetUtcNow() - _start;

    public Router Add(string address, byte priority, Func<VrrpInstanceOptions, VrrpInstanceOptions>? configure = null)
    {
        var options = Options(address, priority);
        var router = new Router(this, new VrrpInstance(configure?.Invoke(options) ?? options, Clock), IPAddress.Parse(address));
        _routers.Add(router);
        return router;
    }

    public static VrrpInstanceOptions Options(string address, byte priority) => new()
    {
        VirtualRouterId = 51,
        Priority = priority,
        PrimaryAddress = IPAddress.Parse(address),
        VirtualAddresses = [IPAddress.Parse(address.Contains(':') ? "2001:db8::120" : "192.0.2.120")],
    };

    /// <summary>Advances the clock through every timer due within <paramref name="duration"/>.</summary>
    public void RunFor(TimeSpan duration)
    {
        var end = Now + duration;
        while (true)
        {
            var next = _routers.Select(r => r.Instance.TimeUntilNextTimer).Where(t => t is not null).Min();
            if (next is null || Now + next.Value > end)
            {
                Clock.Advance(end - Now);
                return;
            }

            Clock.Advance(next.Value);
            foreach (var router in _routers.Where(r => r.Instance.TimeUntilNextTimer == TimeSpan.Zero).ToList())
            {
                router.Apply(router.Instance.OnTimerFired());
            }
        }
    }

    /// <summary>Delivers a sent advertisement to every connected router it is addressed to.</summary>
    public void Deliver(Router sender, SendAdvertisement send)
    {
        if (!sender.Connected)
        {
            return;
        }

        var multicast = send.Destination.Equals(VrrpPacket.GroupFor(send.Destination.AddressFamily));
        foreach (var receiver in _routers.Where(r => r != sender && r.Connected && (multicast || r.Address.Equals(send.Destination))))
        {
            receiver.Apply(receiver.Instance.Receive(send.Payload.Span, new(sender.Address, send.Destination, VrrpPacket.Protocol, 255)));
        }
    }
}
