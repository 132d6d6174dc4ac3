using LvsOperator.Core.Kernel;
using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink;
using LvsOperator.Node.Reconcile;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Node.Tests;

/// <summary>
/// Issue 13: a netlink mutation that fails part-way through a plan (ENOMEM, EBUSY, EPERM), at every position of a
/// representative plan on the way up, through a change and on the way down. Whatever succeeded is in the ledger,
/// what failed is retried in a later cycle, nothing owned is forgotten and nothing foreign touched, and the node
/// ends exactly where a run without the failure ends, having applied each operation once.
/// </summary>
public sealed class KernelFaultTests : IDisposable
{
    private static readonly int[] Errnos = [Netlink.Errnos.ENOMEM, Netlink.Errnos.EBUSY, Netlink.Errnos.EPERM];
    private static readonly ReadScope[] Reads = [ReadScope.Everything, ReadScope.ChangedServices];
    private readonly List<DirectoryInfo> _folders = [];

    public static TheoryData<int, string, int, ReadScope> Matrix()
    {
        var data = new TheoryData<int, string, int, ReadScope>();
        foreach (var phase in FaultScenario.Phases.Keys)
        {
            var mutations = FaultScenario.CleanOperations(phase).Count;
            foreach (var errno in Errnos)
                for (var position = 0; position < mutations; position++)
                    foreach (var read in Reads) data.Add(errno, phase, position, read);
        }

        return data;
    }

    [Fact]
    public void The_plan_under_test_touches_every_kind_of_object()
    {
        var kinds = FaultScenario.Phases.Keys.SelectMany(FaultScenario.CleanOperations).Select(o => o.GetType().Name).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                nameof(SetSysctl), nameof(RestoreSysctl), nameof(CreateLink), nameof(SetLinkUp), nameof(DeleteLink),
                nameof(AddService), nameof(DeleteService), nameof(AddDestination), nameof(UpdateDestination), nameof(DrainDestination),
                nameof(DeleteDestination), nameof(AddAddress), nameof(DeleteAddress),
            },
            kinds);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_mutation_failing_part_way_is_retried_and_nothing_owned_is_forgotten(int errno, string phase, int position, ReadScope read)
    {
        var clean = await FaultScenario.AtAsync(Folder(), phase);
        await clean.ConvergeAsync(phase);
        var faulty = await FaultScenario.AtAsync(Folder(), phase);
        faulty.Kernel.FailAttempt(position, errno);

        var cycles = await faulty.ConvergeAsync(phase, read); // checks the ledger after every cycle

        // The cycle reports the injected errno on the operation that met it; the operations after it were still tried.
        var tried = cycles.SelectMany(c => c.Outcomes).ToList();
        Assert.Equal(errno, Assert.IsType<NetlinkException>(tried[position].Error).Errno);
        Assert.All(tried.Take(position), o => Assert.True(o.Succeeded));
        // Later cycles converge to exactly where the clean run ends.
        Assert.True(cycles[^1].Plan.IsEmpty && !cycles[^1].Failures.Any(), $"not converged: {string.Join(", ", cycles[^1].Plan.Operations)}");
        Assert.Equal(FaultScenario.KernelText(clean.Kernel.State), FaultScenario.KernelText(faulty.Kernel.State));
        Assert.Equal(FaultScenario.LedgerText(clean.Reconciler.Owned), FaultScenario.LedgerText(faulty.Reconciler.Owned));
        // Nothing that succeeded is done again: no operation is applied more often than in the clean run. (Some may be
        // applied less: once a destination's delete fails, its service's delete takes it along, as IPVS does.)
        var extra = Counts(faulty.Kernel.Applied).Where(c => c.Value > Counts(clean.Kernel.Applied).GetValueOrDefault(c.Key)).Select(c => c.Key);
        Assert.Empty(extra);
    }

    [Theory]
    [InlineData(Netlink.Errnos.ENOMEM)]
    [InlineData(Netlink.Errnos.EBUSY)]
    [InlineData(Netlink.Errnos.EPERM)]
    public async Task Removal_that_keeps_failing_keeps_the_objects_owned_across_a_restart_until_it_succeeds(int errno)
    {
        var node = await FaultScenario.AtAsync(Folder(), "3-down");
        node.Kernel.FailMatching(o => o is DeleteService or DeleteLink or RestoreSysctl, errno);

        var failing = await node.ConvergeAsync("3-down");

        Assert.NotEmpty(failing[^1].Failures);
        Assert.All(failing[^1].Failures, f => Assert.Equal(errno, Assert.IsType<NetlinkException>(f.Error).Errno));
        var owned = node.Restart().Owned;
        Assert.NotEmpty(owned.Services);
        Assert.Contains("lvs0", owned.CreatedLinks);
        Assert.NotEmpty(owned.SysctlOriginals);

        // Once the kernel takes them, the restarted agent removes them, and the node is as it was before the agent.
        node.Kernel.Fails = _ => false;
        Assert.True((await node.ConvergeAsync("3-down"))[^1].Plan.IsEmpty);
        Assert.Equal(FaultScenario.KernelText(FaultScenario.Foreign), FaultScenario.KernelText(node.Kernel.State));
        Assert.Equal(FaultScenario.LedgerText(OwnedState.Empty), FaultScenario.LedgerText(node.Reconciler.Owned));
    }

    [Fact]
    public async Task A_failed_mutation_is_reported_on_the_slice_that_asked_for_it_with_the_errno()
    {
        var node = await FaultScenario.AtAsync(Folder(), "1-up");
        node.Kernel.FailMatching(o => o is AddAddress { Address.Address: var a } && a.ToString() == "192.0.2.121", Netlink.Errnos.ENOMEM);
        var result = (await node.ConvergeAsync("1-up"))[0];

        // As the agent's loop hands a cycle on to the NodeSlices' status writer.
        var cycle = new CycleReport(result.Plan, result.Failures.Select(f => (f.Operation, f.Error!.Message)).ToList()) { Draining = result.Draining };
        var slice = NodeSliceCodec.Encode("dns", "edge-1", FaultScenario.Phases["1-up"])
            .Select(d => new NodeSlice { Metadata = new ObjectMeta { Name = d.Name, Namespace = "lvs", Generation = 1 }, Spec = d.Spec })
            .First();
        var programmed = SliceReports.For([slice], cycle, T0).Single().Status.Conditions!.Single(c => c.Type == ConditionTypes.Programmed);

        Assert.Equal(ConditionStatus.False, programmed.Status);
        Assert.Equal("Failed", programmed.Reason);
        Assert.Contains("address 192.0.2.121/32 dev lvs0: AddAddress failed: ENOMEM (12)", programmed.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Delete(recursive: true);
    }

    private DirectoryInfo Folder()
    {
        var folder = Directory.CreateTempSubdirectory("lvs-faults-");
        _folders.Add(folder);
        return folder;
    }

    private static Dictionary<Operation, int> Counts(IEnumerable<Operation> operations) =>
        operations.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
}
