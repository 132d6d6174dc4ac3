using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Node.Ledger;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Node.Tests;

public sealed class LedgerStoreTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lvs-ledger-");

    [Fact]
    public void Every_part_of_the_ledger_survives_a_save_and_a_load()
    {
        var mark = new FirewallMarkKey(7, AddressFamily.InterNetworkV6);
        var owned = new OwnedState(
            [Tcp("192.0.2.1", 80), mark, new VirtualAddressKey(Core.Resources.Protocol.Sctp, IPAddress.Parse("2001:db8::1"), 443)],
            [Vip("192.0.2.1"), Vip("2001:db8::1", "lo")],
            ["lvs0"],
            ["lvs0", "tunl0"],
            ImmutableDictionary<string, string>.Empty.Add("net.ipv4.ip_forward", "0"),
            ImmutableDictionary<DrainKey, DateTimeOffset>.Empty.Add(new(mark, new DestinationKey(IPAddress.Parse("2001:db8::9"), 0)), T0))
        {
            SourceNatTable = true,
            GuePorts = [new FouPortKey(6080, System.Net.Sockets.AddressFamily.InterNetwork), new FouPortKey(6080, System.Net.Sockets.AddressFamily.InterNetworkV6)],
        };
        var store = new LedgerStore(_state.FullName);

        store.Save(owned);
        var loaded = store.Load();

        Assert.True(loaded.Services.SetEquals(owned.Services));
        Assert.True(loaded.Addresses.SetEquals(owned.Addresses));
        Assert.True(loaded.CreatedLinks.SetEquals(owned.CreatedLinks));
        Assert.True(loaded.RaisedLinks.SetEquals(owned.RaisedLinks));
        Assert.Equal(owned.SysctlOriginals, loaded.SysctlOriginals);
        Assert.Equal(owned.Draining, loaded.Draining);
        Assert.True(loaded.SourceNatTable);
        Assert.True(loaded.GuePorts.SetEquals(owned.GuePorts));
        Assert.False(File.Exists(store.Path + ".tmp"));
    }

    [Fact]
    public void A_first_start_has_an_empty_ledger() => Assert.Same(OwnedState.Empty, new LedgerStore(_state.FullName).Load());

    [Fact]
    public void A_ledger_from_another_version_is_refused()
    {
        var store = new LedgerStore(_state.FullName);
        File.WriteAllText(store.Path, """{"version": 99}""");
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(store.Load).Message);
    }

    public void Dispose() => _state.Delete(recursive: true);
}
