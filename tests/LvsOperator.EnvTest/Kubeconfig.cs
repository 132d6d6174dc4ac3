using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace LvsOperator.EnvTest;

/// <summary>
/// kubeconfig files for an identity on a <see cref="KubeApiServer"/>, written as JSON (YAML's subset, which kubectl
/// and every client library read). One cluster, one user, one context named "envtest", set current.
/// </summary>
public static class Kubeconfig
{
    public const string ContextName = "envtest";

    /// <summary>A kubeconfig that presents <paramref name="clientCertificate"/> (with its private key) embedded as data.</summary>
    public static string WriteForCertificate(string path, KubeApiServer server, X509Certificate2 clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(server);
        var (certificate, key) = TestCertificates.ToPem(clientCertificate);
        return Write(path, server, new JsonObject
        {
            ["client-certificate-data"] = Base64(certificate),
            ["client-key-data"] = Base64(key),
        });
    }

    /// <summary>A kubeconfig with a bearer token (a service account's).</summary>
    public static string WriteForToken(string path, KubeApiServer server, string token)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Write(path, server, new JsonObject { ["token"] = token });
    }

    private static string Write(string path, KubeApiServer server, JsonObject user)
    {
        var config = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new JsonArray(new JsonObject
            {
                ["name"] = ContextName,
                ["cluster"] = new JsonObject
                {
                    ["server"] = server.Server.AbsoluteUri.TrimEnd('/'),
                    ["certificate-authority-data"] = Base64(server.CertificateAuthority.ExportCertificatePem()),
                },
            }),
            ["users"] = new JsonArray(new JsonObject { ["name"] = ContextName, ["user"] = user }),
            ["contexts"] = new JsonArray(new JsonObject
            {
                ["name"] = ContextName,
                ["context"] = new JsonObject { ["cluster"] = ContextName, ["user"] = ContextName },
            }),
            ["current-context"] = ContextName,
        };
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
