using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>
/// The local RSA key that signs development tokens, kept as a PEM file (created on first use, readable
/// by its owner only). The services of one machine that point at the same file accept each other's tokens.
/// </summary>
public static class DevelopmentSigningKey
{
    public static RsaSecurityKey Load(string keyFile)
    {
        var path = Path.GetFullPath(keyFile);
        var rsa = RSA.Create();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                rsa.ImportFromPem(File.ReadAllText(path));
                return new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) };
            }
            catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
            {
                TryCreate(path);
            }
            catch (Exception exception) when (attempt < 20 && exception is IOException or ArgumentException or CryptographicException)
            {
                // Another process is writing the file right now.
                Thread.Sleep(50);
            }
        }
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(2048);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            // Whoever moves first wins; the others read the winner's key.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temporary);
        }
    }

    private static string KeyId(RSA rsa) =>
        Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16].ToLowerInvariant();
}
