using System.Collections.Immutable;
using System.Text.Json;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Node.Tests;

/// <summary>
/// A director brought up, changed and torn down by one agent over a kernel that already holds someone else's
/// service, address, link and sysctls; after every cycle the ledger on disk is the agent's, everything the agent
/// made is in it, and nothing foreign has moved.
/// </summary>
internal sealed class FaultScenario
{
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.120", 80);
    private static readonly VirtualAddressKey Dns = new(Protocol.Udp, System.Net.IPAddress.Parse("192.0.2.121"), 53);
    private static readonly VirtualAddressKey Ssh = Tcp("203.0.113.5", 22);
    private const int MaxCycles = 8;

    /// <summary>The phases in order: each starts where the one before converged.</summary>
    public static readonly ImmutableSortedDictionary<string, NodeDesiredState> Phases = new Dictionary<string, NodeDesiredState>
    {
        ["1-up"] = Director(
            Service(Web, "wrr", Dest("198.18.0.10", 80, 2, ForwardingMethod.Masquerade), Dest("198.18.0.11", 80, 1, ForwardingMethod.Masquerade)),
            Service(Dns, "rr", Dest("198.18.0.12", 53))) with
        {
            Sysctls = Sysctls(("net.ipv4.ip_forward", "1"), ("net.ipv4.vs.conntrack", "1")),
        },
        // A weight changes, a destination comes and one goes, a service goes with its VIP, a sysctl is swapped.
        ["2-change"] = Director(
            Service(Web, "wrr", Dest("198.18.0.10", 80, 5, ForwardingMethod.Masquerade), Dest("198.18.0.13", 80, 1, ForwardingMethod.Masquerade))) with
        {
            Sysctls = Sysctls(("net.ipv4.ip_forward", "1"), ("net.ipv4.vs.expire_nodest_conn", "1")),
        },
        ["3-down"] = NodeDesiredState.Empty,
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>What the node holds before the agent starts, and must hold after it has torn everything down.</summary>
    public static readonly ObservedState Foreign = Observed(Service(Ssh, "rr", Dest("198.18.0.99", 22))) with
    {
        Addresses = [Vip("203.0.113.5", "eth0")],
        Links = ImmutableDictionary<string, ObservedLink>.Empty.Add("eth0", new ObservedLink("eth0", true)).Add("lo", new ObservedLink("lo", true)),
        Sysctls = new[] { "net.ipv4.ip_forward", "net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn", "net.ipv4.conf.all.rp_filter" }
            .ToImmutableDictionary(n => n, _ => "0"),
    };

    private readonly DirectoryInfo _folder;
    private readonly FakeTimeProvider _time = new(T0);

    private FaultScenario(DirectoryInfo folder)
    {
        _folder = folder;
        Reconciler = Restart();
    }

    public FakeNodeKernel Kernel { get; } = new(Foreign);
    public NodeReconciler Reconciler { get; private set; }
    public LedgerStore Store => new(_folder.FullName);

    /// <summary>A scenario whose earlier phases have run without a fault, with <see cref="FakeNodeKernel.Applied"/> emptied.</summary>
    public static async Task<FaultScenario> AtAsync(DirectoryInfo folder, string phase)
    {
        var scenario = new FaultScenario(folder);
        foreach (var earlier in Phases.Keys.TakeWhile(p => p != phase)) await scenario.ConvergeAsync(earlier);
        scenario.Kernel.Applied.Clear();
        return scenario;
    }

    /// <summary>How many mutations a phase tries when nothing fails: the positions a fault can take.</summary>
    public static IReadOnlyList<Operation> CleanOperations(string phase)
    {
        var folder = Directory.CreateTempSubdirectory("lvs-faults-");
        try
        {
            var scenario = AtAsync(folder, phase).GetAwaiter().GetResult(); // the fake kernel completes synchronously
            return scenario.ConvergeAsync(phase).GetAwaiter().GetResult().SelectMany(c => c.Outcomes).Select(o => o.Operation).ToList();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A new agent on the same node and ledger, as after a restart.</summary>
    public NodeReconciler Restart() => Reconciler = new NodeReconciler(Kernel, Store, DrainPolicy.Default, _time);

    /// <summary>Cycles until one has nothing to do, checking the ledger after each; at most <see cref="MaxCycles"/>.</summary>
    /// <param name="phase">Which of <see cref="Phases"/> to reach.</param>
    /// <param name="read">How the cycles after the first read: <see cref="ReadScope.ChangedServices"/> as when woken by a change.</param>
    public async Task<List<ReconcileResult>> ConvergeAsync(string phase, ReadScope read = ReadScope.Everything)
    {
        var cycles = new List<ReconcileResult>();
        do
        {
            cycles.Add(await Reconciler.ReconcileAsync(Phases[phase], default, cycles.Count == 0 ? ReadScope.Everything : read));
            AssertLedgerHoldsWhatTheAgentMade();
        } while (cycles.Count < MaxCycles && !(cycles[^1].Plan.IsEmpty && !cycles[^1].Failures.Any()));

        return cycles;
    }

    /// <summary>The kernel, in a canonical text: what two runs are compared by.</summary>
    public static string KernelText(ObservedState state) => string.Join('\n',
        state.Services.OrderBy(s => s.Key).Select(s => $"{s.Value.Service} [{string.Join(", ", s.Value.Destinations.Values.OrderBy(d => d.Destination.Key).Select(d => d.Destination))}]")
            .Concat(state.Addresses.Order().Select(a => $"address {a}"))
            .Concat(state.Links.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l}"))
            .Concat(state.Sysctls.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")));

    public static string LedgerText(OwnedState owned) => JsonSerializer.Serialize(LedgerDocument.From(owned), LedgerJsonContext.Default.LedgerDocument);

    private void AssertLedgerHoldsWhatTheAgentMade()
    {
        var owned = Reconciler.Owned;
        var kernel = Kernel.State;
        Assert.Equal(LedgerText(owned), LedgerText(Store.Load()));

        Assert.Subset(owned.Services, kernel.Services.Keys.Where(k => !Foreign.Services.ContainsKey(k)).ToImmutableHashSet());
        Assert.Subset(owned.Addresses, kernel.Addresses.Except(Foreign.Addresses));
        Assert.Subset(owned.CreatedLinks, kernel.Links.Keys.Where(k => !Foreign.Links.ContainsKey(k)).ToImmutableHashSet());
        foreach (var (name, value) in kernel.Sysctls.Where(s => Foreign.Sysctls[s.Key] != s.Value))
            Assert.True(owned.SysctlOriginals.TryGetValue(name, out var original) && original == Foreign.Sysctls[name], $"sysctl {name}={value} set but its original is not in the ledger");

        // Nothing foreign has moved.
        Assert.Equal(KernelText(Only(Foreign)), KernelText(Only(kernel)));
        Assert.Subset(kernel.Addresses, Foreign.Addresses);
    }

    private static ObservedState Only(ObservedState state) => ObservedState.Empty with
    {
        Services = state.Services.Where(s => Foreign.Services.ContainsKey(s.Key)).ToImmutableDictionary(),
        Links = state.Links.Where(l => Foreign.Links.ContainsKey(l.Key)).ToImmutableDictionary(),
        Sysctls = state.Sysctls.Where(s => s.Key == "net.ipv4.conf.all.rp_filter").ToImmutableDictionary(),
    };

    private static NodeDesiredState Director(params DesiredService[] services) => Desired(services) with
    {
        Addresses = services.Select(s => Vip(((VirtualAddressKey)s.Service.Key).Address.ToString())).ToImmutableSortedSet(),
        Links = ImmutableSortedDictionary<string, LinkKind>.Empty.Add("lvs0", LinkKind.Dummy),
    };

    private static ImmutableSortedDictionary<string, string> Sysctls(params (string Name, string Value)[] sysctls) =>
        sysctls.ToImmutableSortedDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
}
