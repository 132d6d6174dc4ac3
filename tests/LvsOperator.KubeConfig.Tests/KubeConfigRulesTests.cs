using LvsOperator.Hosting;

namespace LvsOperator.KubeConfig.Tests;

/// <summary>client-go's order: --kubeconfig, then KUBECONFIG, then ~/.kube/config, then in-cluster.</summary>
public sealed class KubeConfigRulesTests
{
    private const string Home = "/home/op";
    private const string HomeConfig = "/home/op/.kube/config";

    private static KubeConfigSource Choose(KubeClientOptions options, string? variable, bool inCluster, params string[] existing) =>
        KubeConfigRules.Choose(options, new KubeConfigEnvironment(variable, Home, inCluster), existing.Contains);

    [Fact]
    public void The_flag_wins_over_KUBECONFIG_home_and_in_cluster()
    {
        var source = Choose(new KubeClientOptions { Kubeconfig = "/etc/lvs/kubeconfig" }, "/a", inCluster: true, "/etc/lvs/kubeconfig", "/a", HomeConfig);

        Assert.Equal(KubeConfigOrigin.Flag, source.Origin);
        Assert.Equal(["/etc/lvs/kubeconfig"], source.Files);
    }

    [Fact]
    public void A_flag_naming_a_missing_file_is_an_error_even_when_others_exist()
    {
        var error = Assert.Throws<StartupException>(() => Choose(new KubeClientOptions { Kubeconfig = "/nope" }, "/a", inCluster: true, "/a", HomeConfig));

        Assert.Equal("--kubeconfig /nope: no such file.", error.Message);
    }

    [Fact]
    public void KUBECONFIG_wins_over_home_skipping_missing_files_and_keeping_its_order()
    {
        var source = Choose(new KubeClientOptions(), "/b::/missing:/a:/b", inCluster: true, "/a", "/b", HomeConfig);

        Assert.Equal(KubeConfigOrigin.EnvironmentVariable, source.Origin);
        Assert.Equal(["/b", "/a"], source.Files);
    }

    [Fact]
    public void Home_is_read_when_KUBECONFIG_is_unset_even_in_a_pod()
    {
        var source = Choose(new KubeClientOptions(), null, inCluster: true, HomeConfig);

        Assert.Equal(KubeConfigOrigin.Home, source.Origin);
        Assert.Equal([HomeConfig], source.Files);
    }

    [Fact]
    public void KUBECONFIG_set_hides_home_and_in_a_pod_falls_back_to_in_cluster()
    {
        var source = Choose(new KubeClientOptions(), "/missing", inCluster: true, HomeConfig);

        Assert.Equal(KubeConfigOrigin.InCluster, source.Origin);
        Assert.Empty(source.Files);
    }

    [Fact]
    public void In_cluster_when_no_kubeconfig_exists()
    {
        Assert.Equal(KubeConfigOrigin.InCluster, Choose(new KubeClientOptions(), null, inCluster: true).Origin);
    }

    [Fact]
    public void Nothing_to_talk_to_out_of_a_pod_is_an_error_saying_what_was_looked_for()
    {
        var home = Assert.Throws<StartupException>(() => Choose(new KubeClientOptions(), null, inCluster: false));
        var variable = Assert.Throws<StartupException>(() => Choose(new KubeClientOptions(), "/x:/y", inCluster: false, HomeConfig));

        Assert.Contains("/home/op/.kube/config does not exist", home.Message, StringComparison.Ordinal);
        Assert.Contains("KUBERNETES_SERVICE_HOST is unset", home.Message, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG names no file that exists (/x, /y)", variable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_without_a_kubeconfig_is_an_error_not_a_silent_in_cluster()
    {
        var error = Assert.Throws<StartupException>(() => Choose(new KubeClientOptions { Context = "prod" }, null, inCluster: true));

        Assert.StartsWith("--context prod needs a kubeconfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_api_server_bypasses_every_file()
    {
        var source = Choose(new KubeClientOptions { ApiServer = "http://127.0.0.1:8001" }, "/a", inCluster: true, "/a", HomeConfig);

        Assert.Equal(KubeConfigOrigin.ApiServer, source.Origin);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8001", "", "", true)]
    [InlineData("127.0.0.1:8001", "", "", false)]
    [InlineData("ftp://192.0.2.1/", "", "", false)]
    [InlineData("https://192.0.2.1:6443", "/k", "", false)]
    [InlineData("https://192.0.2.1:6443", "", "prod", false)]
    [InlineData("", "/k", "prod", true)]
    public void Options_are_checked_before_anything_is_read(string apiServer, string kubeconfig, string context, bool valid)
    {
        var options = new KubeClientOptions { ApiServer = apiServer, Kubeconfig = kubeconfig, Context = context };

        Assert.Equal(valid, new KubeClientOptionsValidator().Validate(null, options).Succeeded);
    }
}
