using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Tests.Support;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class ResourceClientTests
{
    private const string Collection = "/apis/lvsoperator.io/v1alpha1/namespaces/lvs/realservers";

    [Fact]
    public async Task Create_then_get_round_trips_the_spec_and_server_fields()
    {
        await using var api = await TestApi.StartAsync();

        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1", address: "198.18.0.7"));
        var read = await api.RealServers.GetAsync("lvs", "rs-1");

        Assert.NotNull(read);
        Assert.Equal("198.18.0.7", read.Spec.Address);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_null()
    {
        await using var api = await TestApi.StartAsync();

        Assert.Null(await api.RealServers.GetAsync("lvs", "nope"));
    }

    [Fact]
    public async Task Creating_a_name_twice_is_AlreadyExists()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));

        var error = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.CreateAsync(TestApi.RealServer("rs-1")));

        Assert.True(error.IsAlreadyExists);
        Assert.False(error.IsConflict);
    }

    [Fact]
    public async Task List_follows_every_page()
    {
        await using var api = await TestApi.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await api.RealServers.CreateAsync(TestApi.RealServer($"rs-{i}"));
        }

        var list = await api.RealServers.ListAsync("lvs", new ListOptions { PageSize = 2 });

        Assert.Equal(["rs-0", "rs-1", "rs-2", "rs-3", "rs-4"], list.Items.Select(r => r.Metadata.Name).Order());
        Assert.Equal(3, api.Server.Requests.Count("GET", Collection));
        Assert.Equal(api.Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.ResourceVersion);
    }

    [Fact]
    public async Task List_across_namespaces_and_by_label()
    {
        await using var api = await TestApi.StartAsync();
        var web = new Dictionary<string, string> { ["app"] = "web" };
        await api.RealServers.CreateAsync(TestApi.RealServer("a", ns: "one", labels: web));
        await api.RealServers.CreateAsync(TestApi.RealServer("b", ns: "two", labels: web));
        await api.RealServers.CreateAsync(TestApi.RealServer("c", ns: "two"));

        var all = await api.RealServers.ListAsync();
        var labelled = await api.RealServers.ListAsync(options: new ListOptions { LabelSelector = "app=web" });

        Assert.Equal(3, all.Items.Count);
        Assert.Equal(["a", "b"], labelled.Items.Select(r => r.Metadata.Name).Order());
    }

    [Fact]
    public async Task NodeSlices_list_by_the_spec_nodeName_field()
    {
        await using var api = await TestApi.StartAsync();
        var slices = api.Client.Resource(ResourceTypes.NodeSlices);
        foreach (var (name, node) in new[] { ("s1", "node-a"), ("s2", "node-b"), ("s3", "node-a") })
        {
            await slices.CreateAsync(new NodeSlice
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "lvs" },
                Spec = new NodeSliceSpec { NodeName = node, VirtualService = "web" },
            });
        }

        var mine = await slices.ListAsync(options: new ListOptions { FieldSelector = "spec.nodeName=node-a" });

        Assert.Equal(["s1", "s3"], mine.Items.Select(s => s.Metadata.Name).Order());
        Assert.All(mine.Items, s => Assert.Equal("web", s.Spec.VirtualService));
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_a_conflict()
    {
        await using var api = await TestApi.StartAsync();
        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));
        await api.RealServers.ReplaceAsync(created with { Spec = created.Spec with { Weight = 2 } });

        var error = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.ReplaceAsync(created with { Spec = created.Spec with { Weight = 3 } }));

        Assert.True(error.IsConflict);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(2, (await api.RealServers.GetAsync("lvs", "rs-1"))!.Spec.Weight);
    }

    [Fact]
    public async Task An_injected_409_on_replace_surfaces_as_IsConflict()
    {
        await using var api = await TestApi.StartAsync();
        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));
        api.Server.Faults.Next("PUT", Collection + "/rs-1").Conflict();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.ReplaceAsync(created));

        Assert.True(error.IsConflict);
        Assert.False(string.IsNullOrEmpty(error.ServerMessage));
    }

    [Fact]
    public async Task Replace_status_changes_the_status_and_leaves_the_spec()
    {
        await using var api = await TestApi.StartAsync();
        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));

        var updated = await api.RealServers.ReplaceStatusAsync(created with
        {
            Spec = created.Spec with { Weight = 9 },
            Status = new RealServerStatus { VirtualServices = 2 },
        });

        Assert.Equal(2, updated.Status?.VirtualServices);
        Assert.Equal(RealServerSpec.DefaultWeight, updated.Spec.Weight);
    }

    [Fact]
    public async Task Merge_patch_of_the_status_sets_only_the_fields_it_names()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));

        var patched = await api.RealServers.MergePatchStatusAsync("lvs", "rs-1", new JsonObject
        {
            ["status"] = new JsonObject { ["virtualServices"] = 4, ["observedGeneration"] = 1 },
        });

        Assert.Equal(4, patched.Status?.VirtualServices);
        Assert.Equal(1, patched.Status?.ObservedGeneration);
        Assert.Equal("198.18.0.1", patched.Spec.Address);
    }

    [Fact]
    public async Task Merge_patch_from_bytes_changes_labels()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-1", labels: new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" }));

        var patched = await api.RealServers.MergePatchAsync("lvs", "rs-1", """{"metadata":{"labels":{"drop":null,"new":"2"}}}"""u8.ToArray());

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "2" }, patched.Metadata.Labels);
    }

    [Fact]
    public async Task Delete_of_an_object_with_a_finalizer_only_marks_it()
    {
        await using var api = await TestApi.StartAsync();
        var rs = TestApi.RealServer("rs-1");
        await api.RealServers.CreateAsync(rs with { Metadata = rs.Metadata with { Finalizers = ["lvsoperator.io/cleanup"] } });

        Assert.True(await api.RealServers.DeleteAsync("lvs", "rs-1"));

        var marked = await api.RealServers.GetAsync("lvs", "rs-1");
        Assert.NotNull(marked?.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_second_delete_finds_it_gone()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));

        Assert.True(await api.RealServers.DeleteAsync("lvs", "rs-1"));
        Assert.False(await api.RealServers.DeleteAsync("lvs", "rs-1"));
        Assert.Null(await api.RealServers.GetAsync("lvs", "rs-1"));
    }

    [Fact]
    public async Task Delete_with_a_stale_uid_precondition_is_refused()
    {
        await using var api = await TestApi.StartAsync();
        var created = await api.RealServers.CreateAsync(TestApi.RealServer("rs-1"));

        var error = await Assert.ThrowsAsync<KubeApiException>(
            () => api.RealServers.DeleteAsync("lvs", "rs-1", new DeletePreconditions { Uid = "another-incarnation" }));
        Assert.True(error.IsConflict);

        Assert.True(await api.RealServers.DeleteAsync("lvs", "rs-1", new DeletePreconditions { Uid = created.Metadata.Uid }));
    }

    [Fact]
    public async Task A_server_error_carries_its_status_code_and_reason()
    {
        await using var api = await TestApi.StartAsync();
        api.Server.Faults.Next("GET", Collection).Respond(500);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.ListAsync("lvs"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalError", error.Reason);
    }

    [Fact]
    public async Task A_429_carries_the_servers_Retry_After_and_a_500_none()
    {
        await using var api = await TestApi.StartAsync();
        api.Server.Faults.Next("GET", Collection).Respond(429);
        api.Server.Faults.Next("GET", Collection).Respond(500);

        var busy = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.ListAsync("lvs"));
        var failed = await Assert.ThrowsAsync<KubeApiException>(() => api.RealServers.ListAsync("lvs"));

        Assert.True(busy.IsTooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), busy.RetryAfter);
        Assert.False(failed.IsTooManyRequests);
        Assert.Null(failed.RetryAfter);
    }

    [Fact]
    public async Task An_event_about_a_VirtualService_is_written_and_read_back()
    {
        await using var api = await TestApi.StartAsync();
        var events = api.Client.Resource(ResourceTypes.Events);
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234560);

        await events.CreateAsync(new Kubernetes.Models.EventsV1Event
        {
            Metadata = new ObjectMeta { Name = "web.programmed", Namespace = "lvs" },
            Regarding = new Kubernetes.Models.ObjectReference { Kind = ResourceKinds.VirtualService, Name = "web", Namespace = "lvs" },
            Reason = "Programmed",
            Type = Kubernetes.Models.EventsV1Event.Normal,
            ReportingController = "lvsoperator.io/controller",
            ReportingInstance = "controller-0",
            EventTime = at,
        });
        var read = await events.GetAsync("lvs", "web.programmed");

        Assert.Equal(at, read?.EventTime);
        Assert.Equal("web", read?.Regarding?.Name);
    }

    [Fact]
    public async Task A_list_answered_410_is_an_expired_resource_version()
    {
        await using var api = await TestApi.StartAsync();
        api.Server.Faults.Next("GET", Collection).Gone();

        var error = await Assert.ThrowsAsync<ResourceVersionExpiredException>(() => api.RealServers.ListAsync("lvs"));

        Assert.True(error.IsGone);
        Assert.Equal("Expired", error.Reason);
    }

    [Fact]
    public async Task Item_verbs_on_a_namespaced_kind_need_a_namespace()
    {
        await using var api = await TestApi.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => api.RealServers.GetAsync(null, "rs-1"));
    }
}
