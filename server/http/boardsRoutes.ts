import { Router } from 'express';
import { readMeta, writeMeta } from '../../shared/board/boardDocument.ts';
import { createBoardSchema, idSchema, parsePayload } from '../../shared/protocol/index.ts';
import type { BoardRegistry } from '../boards/BoardRegistry.ts';

export interface BoardsRoutesOptions {
  registry: BoardRegistry;
  newId: () => string;
  now: () => number;
}

/** `POST /api/boards` creates a board; `GET /api/boards/:id` reads its title. */
export function boardsRoutes({ registry, newId, now }: BoardsRoutesOptions): Router {
  const router = Router();

  router.post('/boards', async (req, res) => {
    const parsed = parsePayload(createBoardSchema, req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error, detail: parsed.detail });
      return;
    }
    const id = newId();
    const title = parsed.value.title;
    await registry.create(id, (doc) => writeMeta(doc, { title, createdAt: now() }));
    res.status(201).json({ id, title });
  });

  router.get('/boards/:id', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const board = id.success ? await registry.acquire(id.data) : null;
    if (!board) {
      res.status(404).json({ error: 'BOARD_NOT_FOUND' });
      return;
    }
    const meta = readMeta(board.doc);
    registry.release(board);
    res.json({ id: board.id, title: meta?.title ?? '' });
  });

  return router;
}
