using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// Plans the agent's nftables table: one masquerade rule per source-NAT service, added and deleted singly
/// by handle, so connections of the other services never see a gap. The table is changed only while the
/// ledger says the agent created it; a table of that name the agent did not create is left alone.
/// </summary>
internal static class SourceNatPlanner
{
    public const string Subject = "nftables table inet lvsoperator";

    public static void Plan(NodeDesiredState desired, ObservedSourceNat observed, OwnedState owned, PlanBuilder plan)
    {
        if (observed.TableExists && !owned.SourceNatTable)
        {
            if (!desired.SourceNat.IsEmpty) plan.Conflict(Subject, "exists and was not created by LvsOperator; it is left alone");
            return;
        }

        if (desired.SourceNat.IsEmpty)
        {
            // Last, once nothing drains: the rules stay while a NAT service's connections finish.
            if (observed.TableExists) plan.Last(new DeleteSourceNatTable());
            return;
        }

        // All in the up phase, one after the other, so the node applies them as one nftables transaction.
        if (!observed.ChainExists) plan.Up(new EnsureSourceNatChain());
        var kept = new HashSet<ServiceKey>();
        foreach (var rule in observed.Rules.OrderBy(r => r.Handle))
        {
            // A rule that names no desired service, or a second one for the same service, goes.
            if (rule.Service is { } key && desired.SourceNat.Contains(key) && kept.Add(key)) continue;
            plan.Up(new DeleteSourceNat(rule.Handle, rule.Service));
        }

        foreach (var key in desired.SourceNat)
            if (!kept.Contains(key)) plan.Up(new AddSourceNat(key));
    }
}
