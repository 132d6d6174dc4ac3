using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>
/// Properties over generated nodes: kernels with foreign entries (kube-proxy's, an admin's), the agent's own
/// entries with and without connections, and a desired state drawn from the same small universe so that
/// adds, edits, drains and deletes all collide.
/// </summary>
public sealed class PlannerProperties
{
    private static readonly DrainPolicy Drain = DrainPolicy.Default;

    [Property(MaxTest = 500)]
    public Property Applying_a_plan_converges_and_the_next_plan_only_finishes_drains() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), scenario =>
        {
            var (desired, observed, owned) = scenario;
            var first = Planner.Plan(desired, observed, owned, T0, Drain);
            var (kernel1, ledger1) = KernelSimulator.Apply(observed, owned, first, T0);

            // A drained destination that had no connections is deleted on the next cycle, then what it held (links, sysctls).
            var second = Planner.Plan(desired, kernel1, ledger1, T0, Drain);
            var onlyFinishesDrains = second.Operations.All(o => o is DeleteDestination or DeleteService or DeleteAddress or DeleteLink or SetLinkDown or RestoreSysctl or DeleteSourceNatTable);
            var (kernel2, ledger2) = KernelSimulator.Apply(kernel1, ledger1, second, T0);
            var third = Planner.Plan(desired, kernel2, ledger2, T0, Drain);

            return (onlyFinishesDrains && third.IsEmpty).Label($"second: [{string.Join("; ", second.Operations)}] third: [{string.Join("; ", third.Operations)}]");
        });

    [Property(MaxTest = 500)]
    public Property Plans_touch_nothing_the_ledger_does_not_own() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), scenario =>
        {
            var (desired, observed, owned) = scenario;
            var ledger = owned.Prune(observed);
            var plan = Planner.Plan(desired, observed, owned, T0, Drain);
            return plan.Operations.All(op => op switch
            {
                UpdateService o => ledger.Services.Contains(o.Service.Key),
                DeleteService o => ledger.Services.Contains(o.Key),
                AddDestination o => ledger.Services.Contains(o.Service) || !observed.Services.ContainsKey(o.Service),
                UpdateDestination o => ledger.Services.Contains(o.Service),
                DrainDestination o => ledger.Services.Contains(o.Service),
                DeleteDestination o => ledger.Services.Contains(o.Service),
                AddService o => !observed.Services.ContainsKey(o.Service.Key),
                DeleteAddress o => ledger.Addresses.Contains(o.Address),
                DeleteLink o => ledger.CreatedLinks.Contains(o.Name),
                SetLinkDown o => ledger.RaisedLinks.Contains(o.Name),
                RestoreSysctl o => ledger.SysctlOriginals.ContainsKey(o.Name),
                EnsureSourceNatChain or AddSourceNat or DeleteSourceNat or DeleteSourceNatTable => ledger.SourceNatTable || !observed.SourceNat.TableExists,
                _ => true,
            });
        });

    [Property(MaxTest = 300)]
    public Property The_desired_state_is_reached_except_where_a_foreign_entry_is_in_the_way() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), scenario =>
        {
            var (desired, observed, owned) = scenario;
            var plan = Planner.Plan(desired, observed, owned, T0, Drain);
            var (kernel, _) = KernelSimulator.Apply(observed, owned, plan, T0);
            var blocked = plan.Conflicts.Select(c => c.Subject).ToHashSet();
            return desired.Services.All(s =>
                       blocked.Contains($"service {s.Key}")
                       || s.Value.Destinations.Values.All(d => kernel.Services[s.Key].Destinations[d.Key].Destination.SameSettings(d)))
                   && desired.Addresses.All(kernel.Addresses.Contains)
                   && desired.Sysctls.All(s => kernel.Sysctls[s.Key] == s.Value)
                   && (blocked.Contains("nftables table inet lvsoperator")
                       || desired.SourceNat.All(k => kernel.SourceNat.Rules.Count(r => r.Service == k) == 1));
        });

    [Property(MaxTest = 500)]
    public Property No_connection_is_cut_before_its_grace_period_ends() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), scenario =>
        {
            var (desired, observed, owned) = scenario;
            var (kernel, ledger) = (observed, owned);
            for (var round = 0; round < 3; round++)
            {
                var plan = Planner.Plan(desired, kernel, ledger, T0, Drain);
                foreach (var (op, next) in plan.Operations.Zip(plan.Operations.Skip(1).Append(null)))
                {
                    var cuts = op switch
                    {
                        // An mh destination moved in the list: the add takes the deleted one back from the kernel's trash.
                        DeleteDestination d when next is AddDestination a && a.Service == d.Service && a.Destination.Key == d.Destination => false,
                        DeleteDestination d => kernel.Services[d.Service].Destinations[d.Destination].HasConnections,
                        DeleteService d => kernel.Services[d.Key].Destinations.Values.Any(x => x.HasConnections),
                        _ => false,
                    };
                    if (cuts) return false.Label($"round {round}: {op}");
                }

                (kernel, ledger) = KernelSimulator.Apply(kernel, ledger, plan, T0);
            }

            return true.ToProperty();
        });

    private static Gen<List<NodeDesiredState>> ServiceChanges =>
        Gen.ListOf(NodeScenario.Generator.Select(s => s.Desired), 3).Select(list => list.ToList());

    /// <summary>
    /// A cycle woken by a change of services alone plans only those (issue 14). Once a whole plan has been applied,
    /// after any sequence of services-only changes, the plan of the changed and draining services is the whole plan,
    /// operation for operation, whenever the agent's reconciler would take that path (no removed service still draining).
    /// </summary>
    [Property(MaxTest = 500)]
    public Property The_plan_of_changed_services_equals_the_whole_plan_once_the_rest_holds() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), Arb.From(ServiceChanges), (scenario, changes) =>
        {
            var (desired, kernel, owned) = scenario;
            for (var i = 0; i < 3; i++)
                (kernel, owned) = KernelSimulator.Apply(kernel, owned, Planner.Plan(desired, kernel, owned, T0, Drain), T0);

            var step = 0;
            foreach (var next in changes.Select(c => desired with { Services = c.Services }))
            {
                step++;
                var draining = owned.Draining.Keys.Select(d => d.Service).ToHashSet();
                var whole = Planner.Plan(next, kernel, owned, T0, Drain);
                if (draining.All(desired.Services.ContainsKey))
                {
                    var scope = DesiredChanges.ChangedServices(desired, next);
                    scope.UnionWith(draining);
                    var services = Planner.PlanServices(next, kernel, owned, T0, Drain, scope);
                    if (!services.Operations.SequenceEqual(whole.Operations))
                        return false.Label($"step {step}: whole [{string.Join("; ", whole.Operations)}]\n services [{string.Join("; ", services.Operations)}]");
                }

                (kernel, owned) = KernelSimulator.Apply(kernel, owned, whole, T0);
                desired = next;
            }

            return true.Label("equal");
        });
}
