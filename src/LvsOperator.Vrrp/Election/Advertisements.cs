using System.Collections.Immutable;
using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// The advertisements one instance sends: one per destination (the group, or each unicast peer). At the
/// configured priority nothing in them ever changes (VRID, priority, interval, addresses, and the checksum over
/// the fixed source and destination), so they are encoded once and the same commands are handed out on every
/// Adver_Timer expiry: a master's steady state allocates nothing, and the GC has no cause to stop it.
/// </summary>
internal sealed class Advertisements
{
    private readonly VrrpInstanceOptions _options;
    private readonly ImmutableArray<IPAddress> _destinations;

    public Advertisements(VrrpInstanceOptions options)
    {
        _options = options;
        _destinations = options.UnicastPeers.IsEmpty ? [VrrpPacket.GroupFor(options.PrimaryAddress.AddressFamily)] : options.UnicastPeers;
        AtConfiguredPriority = Array.AsReadOnly(Encode(options.Priority));
    }

    /// <summary>The commands for one advertisement at the configured priority; the same instances every time.</summary>
    public IReadOnlyList<VrrpCommand> AtConfiguredPriority { get; }

    /// <summary>Appends one advertisement at <paramref name="priority"/> (0 when leaving) to every destination.</summary>
    public void AddTo(List<VrrpCommand> commands, byte priority)
    {
        if (priority == _options.Priority) commands.AddRange(AtConfiguredPriority);
        else commands.AddRange(Encode(priority));
    }

    private VrrpCommand[] Encode(byte priority)
    {
        var advertisement = new VrrpAdvertisement(_options.VirtualRouterId, priority, _options.IntervalCentiseconds, _options.VirtualAddresses);
        var commands = new VrrpCommand[_destinations.Length];
        for (var i = 0; i < commands.Length; i++)
        {
            var payload = VrrpPacket.Encode(advertisement, _options.PrimaryAddress, _destinations[i], _options.Ipv4Checksum);
            commands[i] = new SendAdvertisement(_destinations[i], advertisement, payload);
        }

        return commands;
    }
}
