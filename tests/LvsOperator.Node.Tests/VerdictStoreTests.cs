using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Node.Ledger;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Node.Tests;

public sealed class VerdictStoreTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lvs-verdicts-");

    [Fact]
    public void Verdicts_of_every_kind_of_service_survive_a_save_and_a_load()
    {
        var mark = new FirewallMarkKey(7, AddressFamily.InterNetworkV6);
        StoredVerdict[] verdicts =
        [
            new(Tcp("192.0.2.1", 80), new DestinationKey(IPAddress.Parse("198.18.0.1"), 8080), Healthy: false),
            new(Tcp("192.0.2.1", 80), new DestinationKey(IPAddress.Parse("198.18.0.2"), 8080), Healthy: true),
            new(mark, new DestinationKey(IPAddress.Parse("2001:db8::9"), 0), Healthy: false),
        ];
        var store = new VerdictStore(_state.FullName);

        store.Save(verdicts);

        Assert.Equal(verdicts.ToHashSet(), store.Load().ToHashSet());
        Assert.Equal(Path.Combine(_state.FullName, "verdicts.json"), store.Path);
        Assert.False(File.Exists(store.Path + ".tmp"));
    }

    [Fact]
    public void A_save_replaces_the_verdicts_it_does_not_repeat()
    {
        var store = new VerdictStore(_state.FullName);
        var a = new StoredVerdict(Tcp("192.0.2.1", 80), new DestinationKey(IPAddress.Parse("198.18.0.1"), 80), false);
        store.Save([a]);

        store.Save([a with { Healthy = true }]);

        Assert.Equal([a with { Healthy = true }], store.Load());
    }

    [Fact]
    public void A_first_start_has_no_verdicts() => Assert.Empty(new VerdictStore(_state.FullName).Load());

    [Theory]
    [InlineData("""{"version": 99}""", "version 99")]
    [InlineData("""{"version": 1, "verdicts": [{"service": {"protocol": "TCP", "address": "x", "port": 80}, "address": "198.18.0.1", "port": 80, "healthy": false}]}""", "not readable as verdicts")]
    [InlineData("{", "not readable as verdicts")]
    public void Unreadable_verdicts_are_an_error_the_caller_can_tell_apart(string text, string message)
    {
        var store = new VerdictStore(_state.FullName);
        File.WriteAllText(store.Path, text);

        Assert.Contains(message, Assert.Throws<InvalidDataException>(store.Load).Message);
    }

    public void Dispose() => _state.Delete(recursive: true);
}
