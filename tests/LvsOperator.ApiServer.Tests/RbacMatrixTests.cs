namespace LvsOperator.ApiServer.Tests;

/// <summary>
/// What config/rbac lets each service account do, asked of the real authorizer (SubjectAccessReview as admin).
/// The agent reads its NodeSlices, reports in their status and creates panic Events; the controller never reads Secrets nor writes a
/// user's spec: it patches its finalizer, and creates, restores and deletes the VirtualServices a LoadBalancer
/// Service generates (RBAC cannot tell those from a user's, so those verbs are allowed; the code writes only what
/// carries its labels). Of Services it writes only the status subresource.
/// </summary>
[Collection(LvsCluster.Name)]
public sealed class RbacMatrixTests(LvsClusterFixture cluster)
{
    private const string Group = "lvsoperator.io";
    private const string Operator = "lvs-operator";
    private const string Tenant = "lvs-test";
    private static readonly string[] Writes = ["create", "update", "patch", "delete", "deletecollection"];

    public static TheoryData<string, ResourceAttributes, bool> Matrix()
    {
        var data = new TheoryData<string, ResourceAttributes, bool>();
        void Row(string account, ResourceAttributes attributes, bool allowed) => data.Add(account, attributes, allowed);

        foreach (var account in new[] { "agent", "controller" })
        {
            foreach (var verb in new[] { "get", "list", "watch" })
            {
                Row(account, new(verb, "", "secrets", Namespace: Operator), false);
                Row(account, new(verb, "", "secrets"), false);
            }
        }

        // The agent: list and watch NodeSlices (its own, by field selector), patch their status, create Events; nothing else.
        Row("agent", new("list", Group, "nodeslices"), true);
        Row("agent", new("watch", Group, "nodeslices"), true);
        Row("agent", new("patch", Group, "nodeslices", "status"), true);
        foreach (var verb in Writes)
        {
            foreach (var resource in new[] { "virtualservices", "realservers", "nodeslices" })
                Row("agent", new(verb, Group, resource, Namespace: Tenant), false);
        }

        Row("agent", new("patch", Group, "virtualservices", "status", Tenant), false);
        // Health panic Events on a VirtualService, in its namespace (issue 15): created, never read or changed.
        Row("agent", new("create", "events.k8s.io", "events", Namespace: Tenant), true);
        foreach (var verb in new[] { "get", "list", "update", "patch", "delete" })
            Row("agent", new(verb, "events.k8s.io", "events", Namespace: Tenant), false);
        Row("agent", new("create", "", "events", Namespace: Tenant), false);
        Row("agent", new("list", Group, "virtualservices"), false);
        Row("agent", new("list", "", "services"), false);

        // The controller: reads the user's resources, writes statuses, its finalizer, its NodeSlices, events, its Lease.
        foreach (var resource in new[] { "virtualservices", "realservers" })
        {
            Row("controller", new("list", Group, resource), true);
            Row("controller", new("watch", Group, resource), true);
        }

        Row("controller", new("patch", Group, "virtualservices", "status", Tenant), true);
        // The VirtualServices a LoadBalancer Service generates: created, restored, deleted one by one (issue 16).
        foreach (var verb in new[] { "create", "update", "patch", "delete" })
            Row("controller", new(verb, Group, "virtualservices", Namespace: Tenant), true);
        Row("controller", new("deletecollection", Group, "virtualservices", Namespace: Tenant), false);

        // LoadBalancer Services: their status, never their spec or metadata; pools read, their status written.
        Row("controller", new("patch", "", "services", "status", Tenant), true);
        foreach (var verb in Writes)
            Row("controller", new(verb, "", "services", Namespace: Tenant), false);
        Row("controller", new("update", "", "services", "finalizers", Tenant), false);
        Row("controller", new("get", "", "services", Namespace: Tenant), false);
        foreach (var verb in new[] { "list", "watch" })
        {
            Row("controller", new(verb, Group, "addresspools"), true);
            Row("controller", new(verb, "", "namespaces"), true);
        }

        Row("controller", new("patch", Group, "addresspools", "status"), true);
        foreach (var verb in Writes)
            Row("controller", new(verb, Group, "addresspools"), false);
        Row("controller", new("patch", "", "namespaces", Namespace: null), false);
        Row("agent", new("patch", "", "services", "status", Tenant), false);
        Row("agent", new("list", Group, "addresspools"), false);
        foreach (var verb in Writes)
            Row("controller", new(verb, Group, "realservers", Namespace: Tenant), false);
        foreach (var verb in new[] { "create", "update", "delete", "list", "watch" })
            Row("controller", new(verb, Group, "nodeslices"), true);
        Row("controller", new("patch", Group, "nodeslices", "status"), false);
        Row("controller", new("create", "events.k8s.io", "events", Namespace: Tenant), true);
        foreach (var verb in new[] { "get", "create", "update" })
            Row("controller", new(verb, "coordination.k8s.io", "leases", Namespace: Operator), true);
        Row("controller", new("create", "coordination.k8s.io", "leases", Namespace: Tenant), false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_service_account_may_do_exactly_what_its_role_says(string account, ResourceAttributes attributes, bool allowed)
    {
        var (user, groups) = ClusterRequests.ServiceAccountIdentity(Operator, $"lvs-operator-{account}");

        var decision = await cluster.Server.ReviewAccessAsync(user, groups, attributes);

        Assert.True(decision.Allowed == allowed, $"{account} {(decision.Allowed ? "may" : "may not")} {attributes} ({decision.Reason})");
    }
}
