package eu.ess.cevns.daq.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import eu.ess.cevns.config.SiteChecks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The accounts file (YAML, the site's {@code accounts.file}): a list of accounts with name, role,
 * password hash and token hashes, never a password or token in plain text. Read whole and checked
 * (a bad entry refuses the file, naming the entry and field); written whole to a new file of mode
 * 0600 that replaces the old one at once, so a reader never sees half a file. A file its group or
 * others may read or write is refused: its hashes are worth guessing at, and whoever may write it
 * can make themselves an expert.
 */
public final class AccountsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final String HEADER = "# cevns-daq accounts: edit with 'cevns-daq user add|passwd|role|remove|token|list'.\n"
            + "# Passwords are Argon2id hashes, tokens SHA-256 hashes; keep this file mode 0600, owned by the DAQ's account.\n";
    private static final Set<String> FIELDS = Set.of("name", "role", "password", "tokens");

    private AccountsFile() {
    }

    /** The accounts of {@code file}; an IOException saying what is wrong and where if it cannot be read or is not right. */
    public static List<Account> read(Path file) throws IOException {
        String problem = SiteChecks.accountsFileProblem(file);
        if (problem != null) {
            throw new IOException(problem);
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode list = root.path("accounts");
        if (!root.isObject() || root.size() != 1 || !(list.isArray() || list.isNull())) {
            throw new IOException(file + ": expected one key 'accounts' holding a list of accounts");
        }
        List<Account> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Account a = account(list.get(i), file + ": accounts[" + i + "]");
            if (!names.add(a.name())) {
                throw new IOException(file + ": accounts[" + i + "]: a second account named '" + a.name() + "'");
            }
            out.add(a);
        }
        return out;
    }

    private static Account account(JsonNode n, String where) throws IOException {
        if (!n.isObject()) {
            throw new IOException(where + ": expected an account (name, role, password, tokens)");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IOException(where + "." + f + ": unknown field; an account has " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String name = n.path("name").asText(null);
        String problem = Account.nameProblem(name);
        if (problem != null) {
            throw new IOException(where + ".name: " + problem);
        }
        Role role;
        try {
            role = Role.of(n.path("role").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ".role: " + e.getMessage());
        }
        String password = n.hasNonNull("password") ? n.get("password").asText() : null;
        if (password != null && !PasswordHash.isHash(password)) {
            throw new IOException(where + ".password: not an Argon2id hash; set passwords with 'cevns-daq user passwd " + name
                    + "' (the file never holds a password itself)");
        }
        List<String> tokens = new ArrayList<>();
        for (JsonNode t : n.path("tokens")) {
            if (!ScriptToken.isHash(t.asText())) {
                throw new IOException(where + ".tokens: '" + t.asText() + "' is not a token hash (sha256:...); make tokens with "
                        + "'cevns-daq user token " + name + "'");
            }
            tokens.add(t.asText());
        }
        return new Account(name, role, password, tokens);
    }

    /** Writes {@code accounts} as the whole file, mode 0600, replacing what was there in one step. */
    public static void write(Path file, List<Account> accounts) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("accounts");
        for (Account a : accounts) {
            ObjectNode n = list.addObject();
            n.put("name", a.name());
            n.put("role", a.role().word());
            if (a.passwordHash() != null) {
                n.put("password", a.passwordHash());
            }
            if (!a.tokenHashes().isEmpty()) {
                ArrayNode t = n.putArray("tokens");
                a.tokenHashes().forEach(t::add);
            }
        }
        PrivateFile.write(file, HEADER + YAML.writeValueAsString(root));
    }
}
