using System.Net;
using LvsOperator.Vrrp.Election;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>
/// One instance at 198.18.0.2 (priority 100, 1 s adverts unless told otherwise) on a fake clock, fed
/// hand-made advertisements through the real codec.
/// </summary>
internal sealed class SingleRouter
{
    public const string Local = "198.18.0.2";

    public SingleRouter(Func<VrrpInstanceOptions, VrrpInstanceOptions>? configure = null)
    {
        var options = Lan.Options(Local, 100);
        Options = configure?.Invoke(options) ?? options;
        Instance = new VrrpInstance(Options, Clock);
    }

    public FakeTimeProvider Clock { get; } = new();

    public VrrpInstanceOptions Options { get; }

    public VrrpInstance Instance { get; }

    /// <summary>Starts, and if asked, waits out Master_Down_Interval to become master.</summary>
    public SingleRouter In(VrrpState state)
    {
        if (state == VrrpState.Initialize)
        {
            return this;
        }

        Instance.Start();
        if (state == VrrpState.Master && Instance.State == VrrpState.Backup)
        {
            Advance(Instance.MasterDownInterval);
        }

        Assert.Equal(state, Instance.State);
        return this;
    }

    /// <summary>Moves the clock, firing every timer due on the way.</summary>
    public SingleRouter Advance(TimeSpan duration)
    {
        var end = Clock.GetUtcNow() + duration;
        while (Instance.TimeUntilNextTimer is { } next && Clock.GetUtcNow() + next <= end)
        {
            Clock.Advance(next);
            Instance.OnTimerFired();
        }

        Clock.Advance(end - Clock.GetUtcNow());
        return this;
    }

    /// <summary>Moves the clock by <paramref name="after"/> and handles the timers then due.</summary>
    public IReadOnlyList<VrrpCommand> Fire(TimeSpan after)
    {
        Clock.Advance(after);
        return Instance.OnTimerFired();
    }

    public IReadOnlyList<VrrpCommand> Advert(string from, byte priority, ushort intervalCentiseconds = 100, byte vrid = 51)
    {
        var advertisement = new VrrpAdvertisement(vrid, priority, intervalCentiseconds, Options.VirtualAddresses);
        var source = IPAddress.Parse(from);
        var payload = VrrpPacket.Encode(advertisement, source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.PseudoHeader);
        return Instance.Receive(payload, new(source, VrrpPacket.Ipv4Group, VrrpPacket.Protocol, 255));
    }

    /// <summary>A command in a line, for tables.</summary>
    public static string Describe(VrrpCommand command) => command switch
    {
        VrrpStateChanged c => $"{c.From}->{c.To}",
        SendAdvertisement s => $"send prio {s.Advertisement.Priority} to {s.Destination}",
        AddVirtualAddresses => "add",
        RemoveVirtualAddresses => "remove",
        AnnounceVirtualAddresses a => $"announce x{a.Count}{(a.IsRepeat ? " again" : "")}",
        LowerPriorityAdvertisementAnswered l => $"answer prio {l.Priority} from {l.Source}",
        AdvertisementRejected r => $"reject {r.Reason}",
        _ => command.ToString(),
    };
}
