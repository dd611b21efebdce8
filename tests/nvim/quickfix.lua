-- End-to-end check with a real editor: attach `mtlint lsp` to a Markdown file, wait for
-- its diagnostics, apply the preferred quick fix for a doubled full stop, write the file.
--
-- Run by tests/nvim_e2e.rs as
--   MTLINT_BIN=... MTLINT_FILE=... nvim --headless --clean -u NONE -c 'luafile tests/nvim/quickfix.lua'
-- Exits 0 on success; on failure prints why on stderr and exits 1.
-- Uses vim.lsp.start_client and buf_attach_client, which Neovim 0.7 has (vim.lsp.start
-- came in 0.8).

local function fail(message)
  io.stderr:write('nvim e2e: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  local bin = assert(os.getenv('MTLINT_BIN'), 'MTLINT_BIN not set')
  local file = assert(os.getenv('MTLINT_FILE'), 'MTLINT_FILE not set')
  local rule = 'punctuation/doubled-terminator'

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- The diagnostics as the server sent them (vim.diagnostic keeps only some fields).
  local published = {}
  local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'mtlint',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published[result.uri] = result.diagnostics
        return default_handler(err, result, ctx, config)
      end,
    },
  })
  if not client_id then
    return fail('could not start mtlint lsp')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local uri = vim.uri_from_bufnr(bufnr)
  local function find()
    for _, d in ipairs(published[uri] or {}) do
      if d.code == rule then
        return d
      end
    end
  end
  -- Shown by the editor, not only received.
  local function shown()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'mtlint' then
        return true
      end
    end
    return false
  end
  if not vim.wait(20000, function() return find() ~= nil and shown() end, 50) then
    return fail('no ' .. rule .. ' diagnostic within 20 s')
  end
  local diagnostic = find()
  if diagnostic.source ~= 'mtlint' then
    return fail('diagnostic source is ' .. tostring(diagnostic.source))
  end

  local client = vim.lsp.get_client_by_id(client_id)
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = diagnostic.range,
    context = { diagnostics = { diagnostic } },
  }, 20000, bufnr)
  if not response or response.err or not response.result then
    return fail('codeAction failed: ' .. vim.inspect(response))
  end
  local chosen
  for _, action in ipairs(response.result) do
    if action.isPreferred and action.edit then
      chosen = action
    end
  end
  if not chosen then
    return fail('no preferred quick fix in ' .. vim.inspect(response.result))
  end
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  vim.cmd('silent write')
  io.stderr:write('nvim e2e: applied "' .. chosen.title .. '" with ' ..
    tostring(client.offset_encoding) .. ' positions\n')
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)

if not ok then
  fail(tostring(err))
else
  vim.cmd('qall!')
end
