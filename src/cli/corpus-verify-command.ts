import { parseArgs } from 'node:util'
import { verifyFileCorpus } from '../breach/corpus/build/verify-file-corpus-node.js'
import type { CliCommand } from './cli-command.js'

export const corpusVerifyCommand: CliCommand = {
  name: ['corpus', 'verify'],
  summary: 'check a built corpus fully: every checksum, header, index and the filter parameters',
  usage: 'pwguard corpus verify [--dir DIR]',
  async run(args, { config, io, logger }) {
    const { values } = parseArgs({ args, options: { dir: { type: 'string' } } })
    const dir = values.dir ?? config.corpusDir
    const manifest = verifyFileCorpus(dir, logger)
    io.stdout(
      `corpus in ${dir} is intact: ${Object.keys(manifest.files).length} files, ` +
        `${manifest.modes.sha1?.hashCount ?? 0} SHA-1 hashes, built ${manifest.builtAt}\n`,
    )
    return 0
  },
}
