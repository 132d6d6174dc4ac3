using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>
/// A cycle woken by a change of services alone plans only those (issue 14). Once a whole plan has been applied, after
/// any sequence of services-only changes, the plan of the changed and draining services is the whole plan, operation
/// for operation, whenever the agent's reconciler would take that path (no removed service still draining).
/// </summary>
public sealed class PlanServicesProperties
{
    private static readonly DrainPolicy Drain = DrainPolicy.Default;

    private static Gen<List<NodeDesiredState>> Changes =>
        Gen.ListOf(NodeScenario.Generator.Select(s => s.Desired), 3).Select(list => list.ToList());

    [Property(MaxTest = 500)]
    public Property The_plan_of_changed_services_equals_the_whole_plan_once_the_rest_holds() =>
        Prop.ForAll(Arb.From(NodeScenario.Generator), Arb.From(Changes), (scenario, changes) =>
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
