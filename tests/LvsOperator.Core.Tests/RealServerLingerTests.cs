using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;

namespace LvsOperator.Core.Tests;

public sealed class RealServerLingerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(900);
    private static readonly InterfaceAddress Vip = new("lo", IPAddress.Parse("192.0.2.80"));
    private static readonly InterfaceAddress TunnelVip = new("tunl0", IPAddress.Parse("192.0.2.90"));
    private static readonly InterfaceAddress DirectorVip = new("lvs0", IPAddress.Parse("192.0.2.1"));

    private static NodeDesiredState State(params InterfaceAddress[] addresses) => NodeDesiredState.Empty with
    {
        Addresses = [.. addresses],
        Sysctls = addresses.Any(a => a.Interface != "lvs0")
            ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("net.ipv4.conf.all.arp_ignore", "1"), KeyValuePair.Create("net.ipv4.ip_forward", "1")])
            : ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("net.ipv4.ip_forward", "1")]),
        Links = addresses.Any(a => a.Interface == "tunl0")
            ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("tunl0", LinkKind.Existing)])
            : NodeDesiredState.Empty.Links,
    };

    [Fact]
    public void A_removed_real_server_vip_stays_with_its_arp_sysctls_and_link_until_the_grace_ends()
    {
        var (_, linger) = RealServerLinger.None.Apply(State(Vip, TunnelVip, DirectorVip), "lvs0", Grace, T0);

        var (held, next) = linger.Apply(State(DirectorVip), "lvs0", Grace, T0.AddSeconds(1));

        Assert.Equal(State(Vip, TunnelVip, DirectorVip).Addresses, held.Addresses);
        Assert.Equal("1", held.Sysctls["net.ipv4.conf.all.arp_ignore"]);
        Assert.Equal(LinkKind.Existing, held.Links["tunl0"]);
        Assert.Equal(T0.AddSeconds(901), next.NextRelease);

        // Still held a cycle later, though the last desired state no longer names the sysctl.
        var (later, after) = next.Apply(State(DirectorVip), "lvs0", Grace, T0.AddSeconds(600));
        Assert.Contains(Vip, later.Addresses);
        Assert.Equal("1", later.Sysctls["net.ipv4.conf.all.arp_ignore"]);

        var (released, done) = after.Apply(State(DirectorVip), "lvs0", Grace, T0.AddSeconds(901));
        Assert.Equal([DirectorVip], released.Addresses);
        Assert.False(released.Sysctls.ContainsKey("net.ipv4.conf.all.arp_ignore"));
        Assert.Null(done.NextRelease);
    }

    [Fact]
    public void A_director_vip_is_never_held_and_a_vip_that_comes_back_is_no_longer_lingering()
    {
        var (_, linger) = RealServerLinger.None.Apply(State(Vip, DirectorVip), "lvs0", Grace, T0);

        var (gone, next) = linger.Apply(State(Vip), "lvs0", Grace, T0.AddSeconds(1));
        Assert.Equal([Vip], gone.Addresses);
        Assert.Null(next.NextRelease);

        var (_, held) = next.Apply(State(), "lvs0", Grace, T0.AddSeconds(2));
        var (back, after) = held.Apply(State(Vip), "lvs0", Grace, T0.AddSeconds(3));
        Assert.Equal([Vip], back.Addresses);
        Assert.Null(after.NextRelease);
    }
}
