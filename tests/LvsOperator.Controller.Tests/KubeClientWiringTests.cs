using k8s;
using LvsOperator.KubeConfig;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller.Tests;

/// <summary>
/// The controller compiles LvsOperator.KubeConfig against the full KubernetesClient: the kubeconfig it loads is
/// the one its leader elector gets from DI, and the one its KubeApiClient connects with.
/// </summary>
public sealed class KubeClientWiringTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("controller-kubeconfig").FullName;

    [Fact]
    public async Task The_leader_elector_and_the_api_client_share_one_loaded_kubeconfig()
    {
        var path = Path.Combine(folder, "config");
        await File.WriteAllTextAsync(path, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://192.0.2.30:6443", tls-server-name: kube.lvs.test}
            users:
            - name: u
              user: {token: controller-token}
            contexts:
            - name: ctx
              context: {cluster: c, user: u, namespace: lvs-operator}
            current-context: ctx
            """);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kubernetes:Kubeconfig"] = path })
            .Build();
        var services = new ServiceCollection().AddLogging(logging => logging.ClearProviders());
        services.AddKubeClient(configuration);
        await using var provider = services.BuildServiceProvider();

        var elector = provider.GetRequiredService<KubernetesClientConfiguration>();
        var client = provider.GetRequiredService<KubeApiClient>();

        Assert.Same(provider.GetRequiredService<LoadedKubeClient>().Configuration, elector);
        Assert.Equal("https://192.0.2.30:6443", elector.Host);
        Assert.Equal("controller-token", elector.AccessToken);
        Assert.Equal(new Uri("https://192.0.2.30:6443"), client.Connection.Server);
        Assert.Equal("lvs-operator", client.Connection.Namespace);
        Assert.Equal("controller-token", await client.Connection.TokenProvider(CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
